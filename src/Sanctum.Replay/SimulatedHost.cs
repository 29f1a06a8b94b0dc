using Sanctum.Configuration.Pressure;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Ports;

namespace Sanctum.Replay;

/// <summary>
/// The scenario's host behind the same ports the daemon uses. Signals are applied for real to its table
/// (SIGSTOP → T, SIGCONT → S, SIGKILL removes); every applied kill and shed relieves pressure by its
/// relief from then on; supervised services come back after <c>respawn-after</c> with a new pid and start.
/// A probe passes or fails by its <c>fails-while</c>; recovery commands (<c>unload</c>/<c>load</c> SERVICE) are
/// recorded, and a load brings a stopped process back only where that makes its probe pass again.
/// Every task it returns is already completed, so a replay stays on the calling thread.
/// </summary>
public sealed class SimulatedHost : IProcessTablePort, IPressurePort, ISignalPort, IServicePort, IProbePort
{
    public const string Unload = "unload";
    public const string Load = "load";

    private readonly Lock _gate = new();
    private readonly Scenario _scenario;
    private readonly Func<DateTimeOffset> _clock;
    private readonly DateTimeOffset _start;
    private readonly List<SimProcess> _processes;
    private readonly Dictionary<string, SimService> _services;
    private readonly List<(TimeSpan At, string Command)> _commands = [];
    private readonly TimelineCursor _pressure;
    private long _reliefMb;
    private int _nextPid = 900_000;

    public SimulatedHost(Scenario scenario, Func<DateTimeOffset> clock)
    {
        _scenario = scenario;
        _clock = clock;
        _start = clock();
        _pressure = scenario.Timeline.Cursor();
        _processes = scenario.Processes.Select(p => new SimProcess(p.Pid, p.Start, p.Name, p.Command, p.RssMb, p.State, p.AppearsAt, p.ExitsAt, p.ReliefMb)).ToList();
        _services = new Dictionary<string, SimService>(StringComparer.Ordinal);
        foreach (var s in scenario.Services)
        {
            var process = new SimProcess(s.Pid, 0, s.Name, s.Name, s.RssMb, "S", TimeSpan.Zero, null, s.ReliefMb);
            _processes.Add(process);
            _services[s.Label] = new SimService(s, process);
        }
    }

    public TimeSpan Elapsed => _clock() - _start;

    /// <summary>Every recovery command run, in order, with when.</summary>
    public IReadOnlyList<(TimeSpan At, string Command)> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    public ParsedTable<ProcRow> Read()
    {
        lock (_gate)
        {
            var t = Elapsed;
            Respawn(t);
            var rows = _processes.Where(p => p.IsAlive(t))
                .Select(p => new ProcRow(p.Pid, p.Start, p.RssMb * 1024, p.State, p.Name, p.Command))
                .ToArray();
            return new ParsedTable<ProcRow>(rows, []);
        }
    }

    public Parsed<PressureSample> Sample(DateTimeOffset now)
    {
        lock (_gate)
        {
            var p = _pressure.Read(now - _start);
            return Parsed<PressureSample>.Success(new PressureSample(
                now, p.AvailableMb + _reliefMb, Math.Max(0, p.SwapUsedMb - _reliefMb), _scenario.SwapTotalMb, p.KernelLevel, p.CompressorMb));
        }
    }

    public Delivery Send(ProcessIdentity target, Signal signal)
    {
        lock (_gate)
        {
            var t = Elapsed;
            var process = _processes.FirstOrDefault(p => p.Pid == target.Pid && p.Start == target.StartTime && p.IsAlive(t));
            if (process is null)
            {
                return Delivery.Gone;
            }

            switch (signal)
            {
                case Signal.Stop:
                    process.State = "T";
                    break;
                case Signal.Continue:
                    process.State = "S";
                    break;
                case Signal.Kill:
                    process.Killed = true;
                    _reliefMb += process.ReliefMb;
                    break;
            }

            return Delivery.Delivered;
        }
    }

    public Task<Delivery> StopAsync(string label)
    {
        lock (_gate)
        {
            var t = Elapsed;
            if (!_services.TryGetValue(label, out var service) || !service.Process.IsAlive(t))
            {
                return Task.FromResult(Delivery.Gone);
            }

            service.Process.Killed = true;
            _reliefMb += service.Spec.ReliefMb;
            service.RespawnAt = service.Spec.RespawnAfter is { } after ? t + after : null;
            return Task.FromResult(Delivery.Delivered);
        }
    }

    public Task<ServiceStatus> StatusAsync(string label)
    {
        lock (_gate)
        {
            var t = Elapsed;
            Respawn(t);
            return Task.FromResult(_services.TryGetValue(label, out var s) && s.Process.IsAlive(t)
                ? new ServiceStatus(true, s.Process.Pid)
                : new ServiceStatus(false, null));
        }
    }

    public Task<ProbeResult> RunAsync(ProbeOptions probe, CancellationToken cancel)
    {
        lock (_gate)
        {
            if (_scenario.Probes.FirstOrDefault(p => p.Probe.Service == probe.Service) is not { } spec)
            {
                return Task.FromResult(new ProbeResult(false, $"no simulated probe for {probe.Service}"));
            }

            var process = LiveProcess(spec.Pid, Elapsed);
            return Task.FromResult(spec.FailsWhile switch
            {
                "never" => new ProbeResult(true, "simulated: always passes"),
                "always" => new ProbeResult(false, "simulated: always fails"),
                _ when process is null => new ProbeResult(false, $"pid {spec.Pid} is gone"),
                _ when process.State == "T" => new ProbeResult(false, $"pid {spec.Pid} is stopped"),
                _ => new ProbeResult(true, $"pid {spec.Pid} answers"),
            });
        }
    }

    public Task<ProbeResult> RunCommandAsync(string command, TimeSpan timeout)
    {
        lock (_gate)
        {
            var t = Elapsed;
            _commands.Add((t, command));
            var words = command.Split(' ', 2);
            if (words.Length < 2 || words[0] is not (Load or Unload) || _scenario.Probes.FirstOrDefault(p => p.Probe.Service == words[1]) is not { } spec)
            {
                return Task.FromResult(new ProbeResult(false, "exit 127: not a simulated command"));
            }

            if (words[0] == Load && spec.FailsWhile == "stopped" && LiveProcess(spec.Pid, t) is { State: "T" } process)
            {
                process.State = "S";
            }

            return Task.FromResult(new ProbeResult(true, "exit 0"));
        }
    }

    /// <summary>True when the process with this identity is in the table and stopped (for tests and invariants).</summary>
    public string? StateOf(ProcessIdentity id)
    {
        lock (_gate)
        {
            var t = Elapsed;
            return _processes.FirstOrDefault(p => p.Pid == id.Pid && p.Start == id.StartTime && p.IsAlive(t))?.State;
        }
    }

    private SimProcess? LiveProcess(int pid, TimeSpan t) => _processes.LastOrDefault(p => p.Pid == pid && p.IsAlive(t));

    private void Respawn(TimeSpan t)
    {
        foreach (var service in _services.Values.Where(s => s.RespawnAt is { } at && at <= t))
        {
            var spec = service.Spec;
            var process = new SimProcess(_nextPid++, (long)t.TotalSeconds, spec.Name, spec.Name, spec.RssMb, "S", t, null, spec.ReliefMb);
            _processes.Add(process);
            service.Process = process;
            service.RespawnAt = null;
        }
    }

    private sealed class SimProcess(int pid, long start, string name, string command, long rssMb, string state, TimeSpan appearsAt, TimeSpan? exitsAt, long reliefMb)
    {
        public int Pid { get; } = pid;

        public long Start { get; } = start;

        public string Name { get; } = name;

        public string Command { get; } = command;

        public long RssMb { get; } = rssMb;

        public long ReliefMb { get; } = reliefMb;

        public string State { get; set; } = state;

        public bool Killed { get; set; }

        public bool IsAlive(TimeSpan t) => !Killed && appearsAt <= t && (exitsAt is not { } exit || t < exit);
    }

    private sealed class SimService(ScenarioService spec, SimProcess process)
    {
        public ScenarioService Spec { get; } = spec;

        public SimProcess Process { get; set; } = process;

        public TimeSpan? RespawnAt { get; set; }
    }
}
