using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;

namespace Sanctum.Ports;

/// <summary>Reads the process table; unparsable lines come back as errors, never as exceptions.</summary>
public interface IProcessTablePort
{
    ParsedTable<ProcRow> Read();
}

/// <summary>Reads the pressure signals for one tick.</summary>
public interface IPressurePort
{
    Parsed<PressureSample> Sample(DateTimeOffset now);

    /// <summary>How the signals are read, for <c>sanctum status</c> and <c>sanctum doctor</c> (e.g. "commands (vm_stat, sysctl)").</summary>
    string Reading => GetType().Name;
}

/// <summary>
/// Sends a signal to exactly one identity; implementations re-check the start time before sending so a
/// reused pid is never hit. Only ProcessActor calls this.
/// </summary>
public interface ISignalPort
{
    Delivery Send(ProcessIdentity target, Signal signal);
}

public sealed record ServiceStatus(bool Running, int? Pid);

/// <summary>Stops (sheds) and inspects supervised services: launchd labels or systemd units.</summary>
public interface IServicePort
{
    Task<Delivery> StopAsync(string label);

    Task<ServiceStatus> StatusAsync(string label);
}

/// <summary>How one probe run or one command ended: <see cref="Detail"/> says why, for the log and the decision.</summary>
public sealed record ProbeResult(bool Passed, string Detail);

/// <summary>
/// Runs service probes and recovery commands. Never throws for a failed probe or command (that is a
/// result); honours its timeouts, so a hung service costs at most the timeout.
/// </summary>
public interface IProbePort
{
    /// <summary>One run of <paramref name="probe"/>: connect, GET or command, within its timeout.</summary>
    Task<ProbeResult> RunAsync(ProbeOptions probe, CancellationToken cancel);

    /// <summary>A shell command line (a recovery step or a healthy-when check); passes on exit 0 within <paramref name="timeout"/>.</summary>
    Task<ProbeResult> RunCommandAsync(string command, TimeSpan timeout);
}

/// <summary>Everything the actor system needs from the host, real or simulated.</summary>
/// <param name="Trigger">Null: the pressure sampler sleeps on the actor system's scheduler.</param>
public sealed record HostPorts(IProcessTablePort Processes, IPressurePort Pressure, ISignalPort Signals, IServicePort Services, IProbePort Probes)
{
    public IPressureTrigger? Trigger { get; init; }
}

/// <summary>
/// Wakes the pressure sampler: after a delay, or earlier when the kernel reports that tasks are stalling on
/// memory (Linux PSI triggers). Without one, the sampler sleeps on the actor scheduler (replay, tests).
/// </summary>
public interface IPressureTrigger : IDisposable
{
    /// <summary>How the sampler is woken, for the log and <c>sanctum status</c>.</summary>
    string Mode { get; }

    /// <summary>Calls <paramref name="wake"/> once, after <paramref name="delay"/> or at the first kernel event (then with true); a new call replaces the pending one.</summary>
    void WakeAfter(TimeSpan delay, Action<bool> wake);
}
