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
/// Confirmation by how reversible the remedy is: a freeze (undone by its lease) acts once a level is confirmed
/// by <c>debounce</c> readings in a row, however fast they come; a kill also needs RED to have lasted
/// <see cref="KillAfter"/>.
/// </summary>
public sealed record ConfirmOptions(TimeSpan KillAfter)
{
    public static ConfirmOptions Default { get; } = new(TimeSpan.FromSeconds(5));
}
