using Akka.Actor;
using Akka.Hosting;
using Sanctum.Actors;
using Sanctum.Actors.Gateway;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Options;

namespace Sanctum.Ledger;

public static class LedgerHosting
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The ledger's recovery from a snapshot takes well under a second; this covers a full replay of a large journal.</summary>
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Persistence, and <c>/user/ledger</c> subscribed to every decision before the guard's first tick (so call this
    /// before <c>WithSanctumGuard</c>). Once the guard runs: after a crash, owners re-adopt the freezes still held (or
    /// thaw them), and why/history get the trail from before <paramref name="runStart"/>. The valve asks for its own
    /// seed (<see cref="LedgerValveJournal"/>) on every start.
    /// </summary>
    public static AkkaConfigurationBuilder WithSanctumLedger(this AkkaConfigurationBuilder builder, LedgerDatabase db, ValveOptions valve, DateTimeOffset runStart) =>
        LedgerSetup.Configure(builder, db)
            .WithActors(async (system, registry) =>
            {
                var ledger = system.ActorOf(LedgerSupervisor.Props(LedgerSettings.For(valve.Cooldown, db)), "ledger");
                await ledger.WhenStartedAsync(StartTimeout);
                registry.Register<LedgerSupervisor>(ledger);
            })
            .AddStartup(async (system, registry) =>
            {
                var ledger = registry.Get<LedgerSupervisor>();
                var processes = await registry.GetAsync<ProcessRegistry>();
                var scanner = await registry.GetAsync<ProcessScanner>();
                system.ActorOf(ReconcilerActor.Props(ledger, processes, scanner), "reconciler");

                var decisions = await registry.GetAsync<DecisionLog>();
                _ = ledger.Ask<LedgerState>(GetLedgerState.Instance, RecoveryTimeout)
                    .PipeTo(decisions, success: state => state.TrailBefore(runStart), failure: e => new Status.Failure(e));
            });
}
