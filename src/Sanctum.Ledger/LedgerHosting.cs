using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Sanctum.Actors;
using Sanctum.Actors.Gateway;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Options;
using Sanctum.Ports;

namespace Sanctum.Ledger;

public static class LedgerHosting
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The ledger's recovery from a snapshot takes well under a second; this covers a full replay of a large journal.</summary>
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a clean stop waits for the journal; within the phase timeout of <see cref="FlushPhase"/>.</summary>
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(12);

    private const string FlushPhase = "akka.coordinated-shutdown.phases.before-actor-system-terminate.timeout = 15s";

    /// <summary>
    /// Persistence, and <c>/user/ledger</c> subscribed to every decision before the guard's first tick (so call this
    /// before <c>WithSanctumGuard</c>). Once the guard runs: after a crash, owners re-adopt the freezes still held (or
    /// thaw them), and why/history get the trail from before <paramref name="runStart"/> (the valve asks for its own
    /// seed, <see cref="LedgerValveJournal"/>, on every start); freezes a crash left unjournaled in <paramref name="holds"/> are thawed. A clean
    /// stop waits until everything acknowledged is written (<see cref="AwaitWritten"/>).
    /// </summary>
    public static AkkaConfigurationBuilder WithSanctumLedger(this AkkaConfigurationBuilder builder, LedgerDatabase db, ValveOptions valve, DateTimeOffset runStart, IHoldJournal holds) =>
        LedgerSetup.Configure(builder, db)
            .AddHocon(FlushPhase, HoconAddMode.Prepend)
            .WithActors(async (system, registry) =>
            {
                var ledger = system.ActorOf(LedgerSupervisor.Props(LedgerSettings.For(valve.Cooldown, db)), "ledger");
                await ledger.WhenStartedAsync(StartTimeout);
                registry.Register<LedgerSupervisor>(ledger);
                CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "flush-ledger", () => FlushAsync(system, ledger));
            })
            .AddStartup(async (system, registry) =>
            {
                var ledger = registry.Get<LedgerSupervisor>();
                var processes = await registry.GetAsync<ProcessRegistry>();
                var scanner = await registry.GetAsync<ProcessScanner>();
                system.ActorOf(ReconcilerActor.Props(ledger, processes, scanner, holds: holds), "reconciler");

                var decisions = await registry.GetAsync<DecisionLog>();
                _ = ledger.Ask<LedgerState>(GetLedgerState.Instance, RecoveryTimeout)
                    .PipeTo(decisions, success: state => state.TrailBefore(runStart), failure: e => new Status.Failure(e));
            });

    private static async Task<Done> FlushAsync(ActorSystem system, IActorRef ledger)
    {
        try
        {
            await ledger.Ask<EventsWritten>(AwaitWritten.Instance, FlushTimeout);
        }
        catch (AskTimeoutException)
        {
            Logging.GetLogger(system, "ledger").Error("stopping: the journal did not take every decision within {0}; what it did not take is lost", FlushTimeout);
        }

        return Done.Instance;
    }
}
