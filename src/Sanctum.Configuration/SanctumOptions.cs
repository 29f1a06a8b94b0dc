using Sanctum.Policy.Options;

namespace Sanctum.Configuration;

/// <summary>The whole <c>sanctum { … }</c> configuration, validated.</summary>
public sealed record SanctumOptions(
    bool DryRun,
    bool ThawOnStop,
    ValveOptions Valve,
    RespawnOptions Respawn,
    SentinelOptions Sentinel,
    DeadmanOptions Deadman,
    PersistenceOptions Persistence,
    CliOptions Cli,
    LogOptions Log)
{
    public NotifyOptions Notify { get; init; } = NotifyOptions.Off;

    public HookOptions Hooks { get; init; } = HookOptions.None;

    public MetricsOptions Metrics { get; init; } = MetricsOptions.Off;
}

/// <summary><c>valve.shed.respawn-loop-per-hour</c>: a service respawned more often than this is a respawn loop and is no longer shed.</summary>
public sealed record RespawnOptions(int LoopPerHour);

public sealed record SentinelOptions(
    IReadOnlyList<string> Criticals,
    TimeSpan ScanEvery,
    TimeSpan ProbeEvery,
    int ProbeFailures,
    IReadOnlyList<ProbeOptions> Probes);

public sealed record DeadmanOptions(TimeSpan StaleAfter);

/// <summary>An empty <see cref="ConnectionString"/> means a SQLite file in the data folder.</summary>
public sealed record PersistenceOptions(string Provider, string ConnectionString);

/// <summary>An empty <see cref="Socket"/> means the default path.</summary>
public sealed record CliOptions(string Socket);

public sealed record LogOptions(bool Json);

/// <summary><c>notify</c>: desktop notifications of the events in <see cref="On"/>, at most one per <see cref="MinInterval"/> (the rest summarised).</summary>
public sealed record NotifyOptions(bool Desktop, IReadOnlyList<string> On, TimeSpan MinInterval)
{
    public static NotifyOptions Off { get; } = new(false, [], TimeSpan.FromSeconds(60));

    public bool Equals(NotifyOptions? other) =>
        other is not null && Desktop == other.Desktop && On.SequenceEqual(other.On) && MinInterval == other.MinInterval;

    public override int GetHashCode() => HashCode.Combine(Desktop, On.Count, MinInterval);
}

/// <summary><c>hooks</c>: command lines run by <c>/bin/sh -c</c> after each remedy or alert, and before each kill.</summary>
public sealed record HookOptions(IReadOnlyList<string> OnAction, IReadOnlyList<string> PreKill, TimeSpan Timeout, TimeSpan PreKillTimeout)
{
    public static HookOptions None { get; } = new([], [], TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));

    public bool Equals(HookOptions? other) =>
        other is not null && OnAction.SequenceEqual(other.OnAction) && PreKill.SequenceEqual(other.PreKill) && Timeout == other.Timeout && PreKillTimeout == other.PreKillTimeout;

    public override int GetHashCode() => HashCode.Combine(OnAction.Count, PreKill.Count, Timeout, PreKillTimeout);
}

/// <summary><c>metrics</c>: an empty address turns that exporter off.</summary>
public sealed record MetricsOptions(string Prometheus, string Otlp)
{
    public static MetricsOptions Off { get; } = new("", "");
}
