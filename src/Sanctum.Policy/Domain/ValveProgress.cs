namespace Sanctum.Policy.Domain;

/// <summary>
/// How far the valve has got: <paramref name="Readings"/> pressure readings it was free to act on since it started,
/// the last at <paramref name="At"/> (the valve's start while there is none). A reading that arrives while an earlier
/// attempt is still out is not counted: a valve waiting for ever for a lost reply makes no progress.
/// </summary>
public sealed record ValveProgress(long Readings, DateTimeOffset At)
{
    /// <summary>
    /// The sampler hands the valve a reading at least once a tick, and one that fails is retried a tick later; three
    /// ticks without one is a stall. The floor keeps a GC pause or a loaded host under a short tick from counting as one.
    /// </summary>
    public static TimeSpan StallAfter(TimeSpan tick) => TimeSpan.FromTicks(Math.Max(3 * tick.Ticks, MinimumStall.Ticks));

    public static readonly TimeSpan MinimumStall = TimeSpan.FromSeconds(10);

    /// <summary>Stalled: no reading acted on for longer than <see cref="StallAfter"/>. Only a guard that is not stalled pets systemd's watchdog.</summary>
    public bool IsStalled(DateTimeOffset now, TimeSpan tick) => now - At > StallAfter(tick);

    public ValveProgress Next(DateTimeOffset at) => new(Readings + 1, at);
}
