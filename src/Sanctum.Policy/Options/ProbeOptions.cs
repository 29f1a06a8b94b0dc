namespace Sanctum.Policy.Options;

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
