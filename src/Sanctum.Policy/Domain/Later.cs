namespace Sanctum.Policy.Domain;

/// <summary>
/// A time plus a configured duration, saturating at <see cref="DateTimeOffset.MaxValue"/>: a lease or cooldown is
/// computed after the signal was sent, where an un-representable date must not throw and lose the decision.
/// </summary>
public static class Later
{
    public static DateTimeOffset Than(DateTimeOffset at, TimeSpan by) =>
        by > TimeSpan.Zero && DateTimeOffset.MaxValue - at < by ? DateTimeOffset.MaxValue : at + by;
}
