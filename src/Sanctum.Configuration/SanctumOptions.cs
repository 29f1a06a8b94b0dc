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
    LogOptions Log);

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
