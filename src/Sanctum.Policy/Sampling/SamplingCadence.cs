using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;

namespace Sanctum.Policy.Sampling;

/// <summary>
/// When to read pressure next: as late as the nearest threshold that would call for a remedy allows. Memory
/// cannot fall faster than RAM can be filled, so a threshold <c>H</c> MB away cannot be crossed in less than
/// <c>H / fill-rate</c>. Only thresholds ahead count: ORANGE and RED while not yet confirmed (a threshold
/// already crossed, or a recovery, is read at the tick like any calm moment: the valve acts at most once a
/// tick at a level it has already confirmed). Far from them the guard sleeps up to a tick; close to one it
/// reads every <c>min-interval</c>.
/// </summary>
public static class SamplingCadence
{
    public static TimeSpan Next(PressureSample sample, PressureLevel confirmed, Thresholds thresholds, SensingOptions sensing, TimeSpan tick)
    {
        var headroomMb = Math.Min(AvailableHeadroomMb(sample.AvailableMb, confirmed, thresholds), SwapHeadroomMb(sample, confirmed, thresholds));
        var next = TimeSpan.FromSeconds(Math.Min(headroomMb / sensing.FillRateMbPerSecond, tick.TotalSeconds));
        return next < sensing.MinInterval ? sensing.MinInterval : next;
    }

    /// <summary>The distance down to the nearest remedy threshold (ORANGE, RED) worse than <paramref name="confirmed"/>.</summary>
    public static double AvailableHeadroomMb(long availableMb, PressureLevel confirmed, Thresholds t) =>
        Ahead(confirmed, t).Select(level => (double)(availableMb - level.AvailableMb)).Where(d => d >= 0).DefaultIfEmpty(double.PositiveInfinity).Min();

    /// <summary>The distance, in MB of swap, up to the nearest remedy threshold worse than <paramref name="confirmed"/>; none without swap.</summary>
    public static double SwapHeadroomMb(PressureSample sample, PressureLevel confirmed, Thresholds t) =>
        sample.SwapTotalMb <= 0
            ? double.PositiveInfinity
            : Ahead(confirmed, t).Select(level => (level.SwapPercent - sample.SwapPercent) * sample.SwapTotalMb / 100.0).Where(d => d >= 0).DefaultIfEmpty(double.PositiveInfinity).Min();

    private static IEnumerable<LevelThreshold> Ahead(PressureLevel confirmed, Thresholds t)
    {
        if (confirmed < PressureLevel.Orange)
        {
            yield return t.Orange;
        }

        if (confirmed < PressureLevel.Red)
        {
            yield return t.Red;
        }
    }
}
