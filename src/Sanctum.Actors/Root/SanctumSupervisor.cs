using Sanctum.Policy.Rehearsal;
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

/// <summary>
/// <c>/user/sanctum</c>: builds the tree of design §2 and drives the tick. Each tick the scanner reads the
/// table first, then the monitor samples pressure, so the valve plans against the newest table. Callers talk to
/// the children directly: they are handed over (<see cref="GuardActors"/>) as soon as they exist.
/// </summary>
public sealed class SanctumSupervisor : ReceiveActor, IWithTimers
{
    public const string Name = "sanctum";

    private readonly HashSet<IActorRef> _resumed;

    public SanctumSupervisor(GuardSettings settings, HostPorts ports, GuardMemory memory, Action<GuardActors>? started)
    {
        var policy = PickerPolicy.Compile(settings.Valve.Allowlist, settings.Valve.Denylist, settings.Criticals, settings.ProtectedPids);
        DecisionPathRehearsal.Run(settings.Valve, policy);
        var arbiter = new ArbiterSettings(settings.Valve.Cooldown, settings.Valve.Lease);
        var registry = Context.ActorOf(ProcessRegistry.Props(policy, arbiter, ports.Signals), "processes");
        var picker = Context.ActorOf(PickerActor.Props(policy), "picker");
        var sentinel = Context.ActorOf(SentinelActor.Props(policy, settings.SentinelScanEvery, memory.Arming, registry, settings.Probes, ports.Probes, memory.Sentinel), "sentinel");
        var scanner = Context.ActorOf(ProcessScanner.Props(ports.Processes, registry, [picker, sentinel]), "scanner");
        var labels = settings.Valve.Shed.Tier3.Concat(settings.Valve.Shed.Tier2).ToArray();
        var services = Context.ActorOf(ServiceRegistry.Props(labels, ports.Services, settings.RespawnLoopPerHour, settings.Valve.Tick), "services");
        var valve = Context.ActorOf(ValveActor.Props(settings.Valve, memory.Valve, picker, registry, services, settings.AwaitLedgerSeed, settings.PreKill, settings.Journal), "valve");
        var pressure = Context.ActorOf(PressureMonitor.Props(ports.Pressure, ports.Trigger, settings.Valve, valve, scanner), "pressure");

        _resumed = [registry, services];
        started?.Invoke(new GuardActors(registry, scanner, picker, sentinel, services, valve, pressure));
        foreach (var warning in policy.Warnings)
        {
            Context.GetLogger().Warning(warning);
        }

        Receive<Tick>(_ => scanner.Tell(ScanProcesses.Instance));
        _tick = settings.Valve.Tick;
    }

    private readonly TimeSpan _tick;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override SupervisorStrategy SupervisorStrategy() => new GuardSupervision(_resumed.Contains);

    protected override void PreStart()
    {
        Self.Tell(Tick.Instance);
        Timers.StartPeriodicTimer("tick", Tick.Instance, _tick);
    }

    /// <param name="started">Called from the root's constructor, before its first tick.</param>
    /// <remarks>The memory is made here, once: the root and each child it rebuilds after a restart get the same.</remarks>
    public static Props Props(GuardSettings settings, HostPorts ports, Action<GuardActors>? started = null)
    {
        var memory = new GuardMemory(settings);
        return Akka.Actor.Props.Create(() => new SanctumSupervisor(settings, ports, memory, started));
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }
}
