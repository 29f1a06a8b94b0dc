using Sanctum.Configuration.Pressure;
using Sanctum.Policy.Options;

namespace Sanctum.Replay;

/// <summary>A process of the simulated host; <c>(Pid, Start)</c> is its identity.</summary>
public sealed record ScenarioProcess(
    int Pid,
    long Start,
    string Name,
    string Command,
    long RssMb,
    string State,
    TimeSpan AppearsAt,
    TimeSpan? ExitsAt,
    long ReliefMb);

public sealed record ScenarioService(string Label, int Tier, int Pid, string Name, long RssMb, TimeSpan? RespawnAfter, long ReliefMb);

/// <summary>
/// A service probe of the simulated host, linked to the process <paramref name="Pid"/>: it fails while that
/// process is stopped, always, or never (<paramref name="FailsWhile"/>). <paramref name="Probe"/> is what the
/// sentinel runs: the daemon's probe defaults, recovered by the original's unload then load.
/// </summary>
public sealed record ScenarioProbe(ProbeOptions Probe, int Pid, string FailsWhile);


/// <summary>A simulated host and its pressure timeline (docs/scenarios.md is the contract).</summary>
public sealed record Scenario(
    string Name,
    TimeSpan Duration,
    long MemoryMb,
    long SwapTotalMb,
    IReadOnlyList<ScenarioProcess> Processes,
    IReadOnlyList<ScenarioService> Services,
    IReadOnlyList<ScenarioProbe> Probes,
    IReadOnlyList<ScenarioSample> Pressure)
{
    public PressureTimeline Timeline { get; } = new(Pressure, SwapTotalMb, MemoryMb);
}
