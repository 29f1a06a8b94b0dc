namespace Sanctum.Policy.Options;

/// <summary>
/// How often pressure is read between ticks. The next reading comes after the time the nearest threshold
/// would take to reach at <see cref="FillRateMbPerSecond"/> (an allocation as fast as RAM can be filled),
/// clamped to <see cref="MinInterval"/> and the tick; <see cref="ConfirmInterval"/> is the re-read that
/// confirms a first bad reading.
/// </summary>
public sealed record SensingOptions(TimeSpan MinInterval, double FillRateMbPerSecond, TimeSpan ConfirmInterval)
{
    public static SensingOptions Default { get; } = new(TimeSpan.FromMilliseconds(20), 6000, TimeSpan.FromMilliseconds(5));
}

/// <summary>
/// Confirmation by time, by how reversible the remedy is: ORANGE (a freeze, undone by its lease) is confirmed
/// by <c>debounce</c> readings in a row, however fast they come; RED (a kill) also has to last
/// <see cref="KillAfter"/>. A fall is confirmed once the lower level has lasted <see cref="RecoverAfter"/>,
/// so a reading that flaps around a threshold cannot flood the journal with level changes.
/// </summary>
public sealed record ConfirmOptions(TimeSpan KillAfter, TimeSpan RecoverAfter)
{
    public static ConfirmOptions Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
}
