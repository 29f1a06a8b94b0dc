using Akka.Hosting;
using Sanctum.Actors.Picking;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Root;
using Sanctum.Actors.Sentinel;
using Sanctum.Actors.Services;
using Sanctum.Actors.Valve;
using Sanctum.Daemon.Hooks;
using Sanctum.Ledger;
using Sanctum.Os.MacOS;
using Sanctum.Ports;

namespace Sanctum.Daemon.Hosting;

public static class GuardHosting
{
    /// <summary>
    /// <c>/user/sanctum</c> and its children, each registered under its actor type as soon as the root has created it
    /// (before its first tick); callers wait for them with <c>registry.GetAsync&lt;T&gt;()</c>. The first tick may publish
    /// decisions: call this after the decision subscribers (<c>WithSanctumLedger</c>, <c>WithSanctumClientGateway</c>, <c>WithSanctumActionLog</c>,
    /// <c>WithSanctumHooks</c>, whose actor also gates kills on the pre-kill hooks). The children that run host commands are
    /// deployed on <see cref="HostIoDispatcher"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithSanctumGuard(this AkkaConfigurationBuilder builder, GuardSettings settings, HostPorts ports) =>
        builder.AddHocon(HostIoDispatcher.Hocon(pressureForks: ports.Pressure is MacPressureSource), HoconAddMode.Prepend).WithActors((system, registry) =>
        {
            var guard = settings.PreKillTimeout is { } timeout && registry.TryGet<HookActor>(out var hooks)
                ? settings with { PreKill = new PreKillGate(hooks, timeout) }
                : settings;
            if (registry.TryGet<LedgerSupervisor>(out var ledger))
            {
                guard = guard with { Journal = new LedgerValveJournal(ledger) };
            }

            var root = system.ActorOf(SanctumSupervisor.Props(guard, ports, children => Register(registry, children)), SanctumSupervisor.Name);
            registry.Register<SanctumSupervisor>(root);
        });

    private static void Register(IActorRegistry registry, GuardActors children)
    {
        registry.Register<ProcessRegistry>(children.Processes);
        registry.Register<ProcessScanner>(children.Scanner);
        registry.Register<PickerActor>(children.Picker);
        registry.Register<SentinelActor>(children.Sentinel);
        registry.Register<ServiceRegistry>(children.Services);
        registry.Register<ValveActor>(children.Valve);
        registry.Register<PressureMonitor>(children.Pressure);
    }
}
