using Akka.Actor;
using Sanctum.Actors.Valve;
using Sanctum.Configuration;
using Sanctum.Daemon.Hooks;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Daemon.Tests;

/// <summary>A hook's <c>SANCTUM_DRY_RUN</c> is the mode the decision was made in, not the one the daemon started with.</summary>
public sealed class HookActorTests() : Akka.TestKit.Xunit2.TestKit($"{HookActor.Dispatcher} {{ type = PinnedDispatcher }}\nakka.loglevel = INFO")
{
    private const string EchoDryRun = "printf 'dry-run=%s' \"$SANCTUM_DRY_RUN\"";

    private static readonly ProcessIdentity Gone = new(int.MaxValue, 1);

    private static readonly HookOptions OnAction = HookOptions.None with { OnAction = [EchoDryRun] };

    [Fact]
    public void AFreezeSentArmedSaysDryRun0ThoughTheHooksStartedWithTheConfiguredDryRun()
    {
        var hooks = Sys.ActorOf(HookActor.Props(OnAction, dryRun: true));

        EventFilter.Info(contains: "output: dry-run=0").ExpectOne(TimeSpan.FromSeconds(10), () => hooks.Tell(Freeze(Outcome.Applied)));
    }

    [Fact]
    public void AFreezeDecidedAfterAPersonDisarmedAnArmedGuardSaysDryRun1()
    {
        var hooks = Sys.ActorOf(HookActor.Props(OnAction, dryRun: false));

        EventFilter.Info(contains: "output: dry-run=1").ExpectOne(TimeSpan.FromSeconds(10), () => hooks.Tell(Freeze(Outcome.DryRun)));
    }

    [Fact]
    public void AnAlertAfterAPersonArmedSaysDryRun0()
    {
        var hooks = Sys.ActorOf(HookActor.Props(OnAction, dryRun: true));
        hooks.Tell(new ArmingDecision(DateTimeOffset.UtcNow, DryRun: false, Requester.User));

        EventFilter.Info(contains: "output: dry-run=0").ExpectOne(
            TimeSpan.FromSeconds(10),
            () => hooks.Tell(new AlertDecision(DateTimeOffset.UtcNow, PressureLevel.Red, "nothing left to freeze")));
    }

    [Fact]
    public void AnAlertAfterARestartRestoredAJournaledDisarmSaysDryRun1ThoughTheGuardWasStartedArmed()
    {
        var hooks = Sys.ActorOf(HookActor.Props(OnAction, dryRun: false));
        hooks.Tell(new ArmingRestored(new ArmingDecision(DateTimeOffset.UtcNow.AddHours(-1), DryRun: true, Requester.User)));

        EventFilter.Info(contains: "output: dry-run=1").ExpectOne(
            TimeSpan.FromSeconds(10),
            () => hooks.Tell(new AlertDecision(DateTimeOffset.UtcNow, PressureLevel.Red, "nothing left to freeze")));
    }

    [Fact]
    public void APreKillHookOfAKillSentArmedSaysDryRun0()
    {
        var hooks = Sys.ActorOf(HookActor.Props(HookOptions.None with { PreKill = [EchoDryRun] }, dryRun: true));
        var kill = Freeze(Outcome.Applied) with { Signal = Signal.Kill };

        EventFilter.Info(contains: "output: dry-run=0").ExpectOne(TimeSpan.FromSeconds(10), () => hooks.Tell(new BeforeKill(kill, "hog")));
        ExpectMsg<PreKillDone>();
    }

    private static SignalDecision Freeze(Outcome outcome) =>
        new(DateTimeOffset.UtcNow, Gone, "hog", 900, Signal.Stop, Requester.Valve, outcome, "orange", PressureLevel.Orange);
}
