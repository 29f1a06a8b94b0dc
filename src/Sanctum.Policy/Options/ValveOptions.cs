namespace Sanctum.Policy.Options;

/// <summary>A level is reached when available memory is at or below <see cref="AvailableMb"/> or swap use is at or above <see cref="SwapPercent"/>.</summary>
public sealed record LevelThreshold(long AvailableMb, double SwapPercent);

public sealed record Thresholds(LevelThreshold Yellow, LevelThreshold Orange, LevelThreshold Red)
{
    /// <summary>The original's <c>Thresholds::default()</c>, calibrated for a 64 GB host.</summary>
    public static Thresholds Default { get; } = new(new(8192, 70), new(4096, 85), new(2048, 95));
}

/// <summary>ORANGE becomes RED when the compressor grows faster than <see cref="MbPerSecond"/> over <see cref="Window"/>.</summary>
public sealed record CompressorLeakOptions(double MbPerSecond, TimeSpan Window)
{
    public static CompressorLeakOptions Default { get; } = new(100, TimeSpan.FromSeconds(30));
}

public enum StopPolicy
{
    /// <summary>Freeze it and call a human; never SIGKILL.</summary>
    SigstopOnly,

    /// <summary>Restart-safe: may be killed at RED above its kill floor.</summary>
    KillAllowed,
}

/// <summary>One row of the ordered allowlist; <see cref="Match"/> is a regex tried on the name and on the command line.</summary>
public sealed record AllowlistEntry(string Name, string Match, StopPolicy Policy, long MinStopMb, long? MinKillMb = null);

/// <summary>How a valve freeze is held: thawed after <see cref="ThawAfter"/> at or below YELLOW, or at <see cref="Max"/>.</summary>
public sealed record LeaseOptions(TimeSpan ThawAfter, TimeSpan Max, int MaxFreezesPerHour)
{
    public static LeaseOptions Default { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30), 3);
}

/// <summary>Shed tiers and the effectiveness gate (original phase 4).</summary>
public sealed record ShedOptions(
    IReadOnlyList<string> Tier3,
    IReadOnlyList<string> Tier2,
    long DeltaMb,
    int MaxFailStreak,
    TimeSpan SkipWindow);

public sealed record ValveOptions(
    TimeSpan Tick,
    int Debounce,
    TimeSpan Cooldown,
    Thresholds Thresholds,
    CompressorLeakOptions CompressorLeak,
    LeaseOptions Lease,
    IReadOnlyList<AllowlistEntry> Allowlist,
    IReadOnlyList<string> Denylist,
    ShedOptions Shed)
{
    public SensingOptions Sensing { get; init; } = SensingOptions.Default;

    public ConfirmOptions Confirm { get; init; } = ConfirmOptions.Default;
}
