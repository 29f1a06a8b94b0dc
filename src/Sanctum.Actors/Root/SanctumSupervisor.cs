using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Picking;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Sentinel;
using Sanctum.Actors.Services;
using Sanctum.Actors.Valve;
using Sanctum.Configuration;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Ports;

namespace Sanctum.Actors.Root;

/// <summary>What the actor system needs, whatever loaded it (the daemon's config, or a scenario).</summary>
/// <param name="ProtectedPids">The guard itself and its parent; pid 1 is always added.</param>
/// <param name="AwaitLedgerSeed">With a ledger, how long the valve holds remedies for its seed (see <see cref="ValveActor"/>).</param>
public sealed record GuardSettings(
    ValveOptions Valve,
    IReadOnlyList<string> Criticals,
    TimeSpan SentinelScanEvery,
    int RespawnLoopPerHour,
    bool DryRun,
    IReadOnlyList<int> ProtectedPids,
    IReadOnlyList<SentinelProbe> Probes,
    TimeSpan? AwaitLedgerSeed = null)
{
    public static GuardSettings From(SanctumOptions options, IReadOnlyList<int> protectedPids) =>
        new(options.Valve, options.Sentinel.Criticals, options.Sentinel.ScanEvery, options.Respawn.LoopPerHour, options.DryRun, protectedPids,
            [.. options.Sentinel.Probes.Select(p => new SentinelProbe(p))]);
}

/// <summary>
/// <c>/user/sanctum</c>: builds the tree of design §2 and drives the tick. Each tick the scanner reads the
/// table first, then the monitor samples pressure, so the valve plans against the newest table.
/// </summary>
public sealed class SanctumSupervisor : ReceiveActor, IWithTimers
{
    public const string Name = "sanctum";

    public SanctumSupervisor(GuardSettings settings, HostPorts ports)
    {
        var policy = PickerPolicy.Compile(settings.Valve.Allowlist, settings.Valve.Denylist, settings.Criticals, settings.ProtectedPids);
        var arbiter = new ArbiterSettings(settings.Valve.Cooldown, settings.Valve.Lease);
        var registry = Context.ActorOf(ProcessRegistry.Props(policy, arbiter, ports.Signals), "processes");
        var picker = Context.ActorOf(PickerActor.Props(policy), "picker");
        var sentinel = Context.ActorOf(SentinelActor.Props(policy, settings.SentinelScanEvery, settings.DryRun, registry, settings.Probes, ports.Probes), "sentinel");
        var scanner = Context.ActorOf(ProcessScanner.Props(ports.Processes, registry, [picker, sentinel]), "scanner");
        var labels = settings.Valve.Shed.Tier3.Concat(settings.Valve.Shed.Tier2).ToArray();
        var services = Context.ActorOf(ServiceRegistry.Props(labels, ports.Services, settings.RespawnLoopPerHour, settings.Valve.Tick), "services");
        var valve = Context.ActorOf(ValveActor.Props(settings.Valve, settings.DryRun, picker, registry, services, settings.AwaitLedgerSeed), "valve");
        Context.ActorOf(PressureMonitor.Props(ports.Pressure, ports.Trigger, settings.Valve, valve, scanner), "pressure");

        foreach (var warning in policy.Warnings)
        {
            Context.GetLogger().Warning(warning);
        }

        Receive<Tick>(_ => scanner.Tell(ScanProcesses.Instance));
        Receive<SetDryRun>(s =>
        {
            sentinel.Tell(s);
            valve.Forward(s);
        });
        Receive<GetValveStatus>(s => valve.Forward(s));
        Receive<ListOwners>(l => registry.Forward(l));
        Receive<RouteByPid>(r => registry.Forward(r));
        Receive<Route>(r => registry.Forward(r));
        Receive<TableRead>(t => registry.Forward(t));
        Receive<AdoptLease>(a => registry.Forward(a));
        Receive<SeedValve>(s => valve.Forward(s));
        _tick = settings.Valve.Tick;
    }

    private readonly TimeSpan _tick;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        Self.Tell(Tick.Instance);
        Timers.StartPeriodicTimer("tick", Tick.Instance, _tick);
    }

    public static Props Props(GuardSettings settings, HostPorts ports) =>
        Akka.Actor.Props.Create(() => new SanctumSupervisor(settings, ports));

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }
}
