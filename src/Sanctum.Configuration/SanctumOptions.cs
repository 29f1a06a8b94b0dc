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

public enum ProbeKind
{
    /// <summary>Connect to <c>host:port</c>.</summary>
    Tcp,

    /// <summary>GET an http(s) URL; healthy on a 2xx status.</summary>
    Http,

    /// <summary>Run a shell command; healthy on exit code 0.</summary>
    Command,
}

/// <summary>
/// One service probe. <see cref="Target"/> is the address, URL or command line, per <see cref="Kind"/>.
/// <see cref="Process"/> is a regex (on name and command line, compiled by the sentinel) for the process
/// that serves it: while the valve holds that process frozen, failures do not count.
/// <see cref="HealthyWhen"/> is a shell command: a failure counts only while it exits 0 (everything behind
/// the probe is up, yet the probe fails). A recovery is effective only if the probe passes within
/// <see cref="RecoverGrace"/>; at most <see cref="MaxPerHour"/> recoveries run in an hour.
/// </summary>
public sealed record ProbeOptions(
    string Service,
    string? Process,
    ProbeKind Kind,
    string Target,
    TimeSpan Every,
    TimeSpan Timeout,
    int Failures,
    IReadOnlyList<string> Recover,
    TimeSpan RecoverGrace,
    string? HealthyWhen,
    int MaxPerHour);

public sealed record DeadmanOptions(TimeSpan StaleAfter);

/// <summary>An empty <see cref="ConnectionString"/> means a SQLite file in the data folder.</summary>
public sealed record PersistenceOptions(string Provider, string ConnectionString);

/// <summary>An empty <see cref="Socket"/> means the default path.</summary>
public sealed record CliOptions(string Socket);

public sealed record LogOptions(bool Json);
