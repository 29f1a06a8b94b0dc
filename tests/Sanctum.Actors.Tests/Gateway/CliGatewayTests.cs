using Akka.Actor;
using Akka.TestKit;
using Sanctum.Actors.Gateway;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Classification;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Planning;
using Xunit;

namespace Sanctum.Actors.Tests.Gateway;

/// <summary>The gateway against one probe standing in for the valve and the process registry, and a real <see cref="DecisionLog"/>.</summary>
public sealed class CliGatewayTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly ProcessIdentity Worker = new(4242, 99);
    private static readonly ProcRow Row = new(Worker.Pid, Worker.StartTime, 512 * 1024, "T", "worker", "worker --serve");
    private static readonly PressureSample Sample = new(DateTimeOffset.UtcNow, 3000, 100, 1000, 1, 0);

    private readonly TestProbe _root;
    private readonly IActorRef _decisions;
    private readonly IActorRef _gateway;

    public CliGatewayTests()
    {
        _root = CreateTestProbe();
        _decisions = Sys.ActorOf(DecisionLog.Props(capacity: 3));
        var settings = new CliGatewaySettings("1.2.3", 77, DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), NoPersistence.Instance);
        _gateway = Sys.ActorOf(CliGateway.Props(new GatewayTargets(_root.Ref, _root.Ref, _decisions), settings), CliGateway.Name);

        // Once the log has answered it has subscribed (PreStart): no decision a test publishes can be missed.
        _gateway.Tell(new HistoryRequest(null));
        ExpectMsg<CliReply>();
    }

    private static ValveStatus Status(bool dryRun = false) =>
        new(PressureLevel.Orange, Sample, dryRun, new LastAction(DateTimeOffset.UtcNow, "SIGSTOP worker", "applied"), [new("svc", 30)], RemedyStage.Freeze);

    private static OwnerSnapshot Frozen(DateTimeOffset until) =>
        new(Row, new OwnerTraits(null, false, true), new FreezeLease(Requester.Valve, "ORANGE: worst candidate", DateTimeOffset.UtcNow, until, false), null, 1);

    [Fact]
    public void StatusCombinesTheValveStatusAndTheOwners()
    {
        _gateway.Tell(new StatusRequest());
        _root.ExpectMsg<GetValveStatus>();
        _root.Reply(Status());
        _root.ExpectMsg<ListOwners>(l => !l.All);
        _root.Reply(new OwnerList([Frozen(DateTimeOffset.UtcNow.AddMinutes(30))]));

        var status = Assert.IsType<StatusView>(ExpectMsg<CliReply>().Data);
        Assert.Equal(("ORANGE", true, 1, "none", "freeze", 1.0), (status.Level, status.Armed, status.FrozenCount, status.Persistence, status.EpisodeStage, status.TickSeconds));
        Assert.Equal(3000, status.Signals!.AvailableMb);
        Assert.InRange(status.UptimeSeconds, 299, 301);
        Assert.Equal("svc", status.IneffectiveTargets.Single().Target);
    }

    [Fact]
    public void ASilentRootBecomesAnErrorReplyNotAHang()
    {
        _gateway.Tell(new PsRequest(All: false));
        _root.ExpectMsg<ListOwners>();

        var reply = ExpectMsg<CliReply>(TimeSpan.FromSeconds(3));
        Assert.False(reply.Ok);
        Assert.Contains("did not answer in time", reply.Error);
    }

    [Fact]
    public void PsDescribesTheOwnerState()
    {
        var until = DateTimeOffset.UtcNow.AddMinutes(30);
        _gateway.Tell(new PsRequest(All: true));
        _root.ExpectMsg<ListOwners>(l => l.All);
        _root.Reply(new OwnerList([Frozen(until), new OwnerSnapshot(Row with { Pid = 5, State = "S" }, new OwnerTraits(null, false, true), null, new FreezeRest(until, "thawed by user"), 1)]));

        var ps = Assert.IsType<PsView>(ExpectMsg<CliReply>().Data);
        Assert.Equal(("frozen-by-valve", 512L), (ps.Processes[0].Owner, ps.Processes[0].RssMb));
        Assert.Equal(until.UtcDateTime, ps.Processes[0].Until);
        Assert.Equal(("resting", "thawed by user"), (ps.Processes[1].Owner, ps.Processes[1].Note));
    }

    [Fact]
    public void ThawIsAUserResumeRoutedByPidAndSentEvenInDryRun()
    {
        _gateway.Tell(new ThawRequest(Worker.Pid));
        _root.ExpectMsg<GetValveStatus>();
        _root.Reply(Status(dryRun: true));
        var route = _root.ExpectMsg<RouteByPid>();
        Assert.Equal(Worker.Pid, route.Pid);
        var resume = Assert.IsType<Resume>(route.Request);
        Assert.Equal((Requester.User, PressureLevel.Orange, false), (resume.By, resume.Level, resume.DryRun));
        _root.Reply(new Applied(Worker, Signal.Continue, "sanctum thaw", DryRun: false));

        var thaw = Assert.IsType<ThawView>(ExpectMsg<CliReply>().Data);
        Assert.Equal((Worker.Pid, Worker.StartTime, "applied"), (thaw.Pid, thaw.Start, thaw.Outcome));
    }

    [Fact]
    public void ARefusedThawIsAnErrorReply()
    {
        _gateway.Tell(new ThawRequest(9));
        _root.ExpectMsg<GetValveStatus>();
        _root.Reply(Status());
        _root.ExpectMsg<RouteByPid>();
        _root.Reply(new Refused(new ProcessIdentity(9, 0), Signal.Continue, "no live process with pid 9"));

        Assert.Equal("thaw of pid 9 refused: no live process with pid 9", ExpectMsg<CliReply>().Error);
    }

    [Fact]
    public void ArmAndDisarmSetDryRunAsTheUser()
    {
        _gateway.Tell(new ArmRequest(Armed: false));
        var set = _root.ExpectMsg<SetDryRun>();
        Assert.Equal((true, Requester.User), (set.DryRun, set.By));
        _root.Reply(new ArmingDecision(DateTimeOffset.UtcNow, true, Requester.User));

        var view = Assert.IsType<ArmingView>(ExpectMsg<CliReply>().Data);
        Assert.Equal((false, true, "user"), (view.Armed, view.DryRun, view.By));
    }

    [Fact]
    public void AnArmingTheJournalDidNotWriteIsAnErrorThatSaysSo()
    {
        _gateway.Tell(new ArmRequest(Armed: false));
        _root.ExpectMsg<SetDryRun>();
        _root.Reply(new Status.Failure(new InvalidOperationException("disarmed, but not written down (disk full)")));

        Assert.Equal("disarmed, but not written down (disk full)", ExpectMsg<CliReply>().Error);
    }

    [Fact]
    public void StatusSaysWhoDisarmedTheGuardAndWhen()
    {
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        _gateway.Tell(new StatusRequest());
        _root.ExpectMsg<GetValveStatus>();
        _root.Reply(Status(dryRun: true) with { LastArming = new ArmingDecision(at, true, Requester.User) });
        _root.ExpectMsg<ListOwners>();
        _root.Reply(new OwnerList([]));

        var status = Assert.IsType<StatusView>(ExpectMsg<CliReply>().Data);
        Assert.Equal(new ArmingView(at.UtcDateTime, false, true, "user"), status.LastArming);
    }

    [Fact]
    public void WhyAndHistoryReadTheBoundedDecisionLogWithTheLevelAtTheTime()
    {
        var now = DateTimeOffset.UtcNow;
        Sys.EventStream.Publish(new SignalDecision(now.AddHours(-2), Worker, "worker", 512, Signal.Stop, Requester.Valve, Outcome.Applied, "old", PressureLevel.Orange));
        Sys.EventStream.Publish(new LevelChanged(now, PressureLevel.Green, PressureLevel.Red, new PressureClassification(PressureLevel.Red, PressureLevel.Red, PressureLevel.Red, 0, false), Sample));
        Sys.EventStream.Publish(new SignalDecision(now, Worker, "worker", 512, Signal.Stop, Requester.Valve, Outcome.Applied, "worst candidate", PressureLevel.Red));
        Sys.EventStream.Publish(new ArmingDecision(now, true, Requester.User));
        Sys.EventStream.Publish(new OverrideDecision(now, Worker, "worker", "resumed from outside the guard"));

        AwaitAssert(() =>
        {
            _gateway.Tell(new HistoryRequest(null));
            Assert.Equal(3, Assert.IsType<DecisionsView>(ExpectMsg<CliReply>().Data).Decisions.Count);
        });

        _gateway.Tell(new WhyRequest(Worker.Pid));
        var why = Assert.IsType<DecisionsView>(ExpectMsg<CliReply>().Data).Decisions;
        Assert.Equal([("signal", "SIGSTOP", "RED"), ("override", "SIGCONT", "RED")], why.Select(d => (d.Kind, d.Action, d.Level)));

        _gateway.Tell(new HistoryRequest(TimeSpan.FromHours(1)));
        var arming = Assert.IsType<DecisionsView>(ExpectMsg<CliReply>().Data).Decisions.Single(d => d.Kind == "arming");
        Assert.Equal(("disarm", "user", "RED"), (arming.Action, arming.By, arming.Level));
    }

    [Fact]
    public void TheTrailFromBeforeTheStartGoesInFrontAndTheCapacityKeepsTheNewest()
    {
        var now = DateTimeOffset.UtcNow;
        Sys.EventStream.Publish(new SignalDecision(now, Worker, "worker", 512, Signal.Continue, Requester.User, Outcome.Applied, "sanctum thaw", PressureLevel.Green));
        AwaitAssert(() =>
        {
            _gateway.Tell(new WhyRequest(Worker.Pid));
            Assert.Single(Assert.IsType<DecisionsView>(ExpectMsg<CliReply>().Data).Decisions);
        });

        DecisionView Before(int minutes, string action, string by) =>
            new(now.AddMinutes(-minutes).UtcDateTime, "signal", Worker.Pid, Worker.StartTime, "worker", action, by, "applied", "before the crash", "ORANGE");
        _decisions.Tell(new SeedDecisions([Before(30, "SIGSTOP", "valve"), Before(20, "SIGCONT", "lease"), Before(10, "SIGSTOP", "valve")]));

        _gateway.Tell(new WhyRequest(Worker.Pid));
        var why = Assert.IsType<DecisionsView>(ExpectMsg<CliReply>().Data).Decisions;
        Assert.Equal([("SIGCONT", "lease"), ("SIGSTOP", "valve"), ("SIGCONT", "user")], why.Select(d => (d.Action, d.By)));
    }

    [Fact]
    public void ActorsWalksTheLiveHierarchy()
    {
        _gateway.Tell(new ActorsRequest());

        var root = Assert.IsType<ActorNode>(ExpectMsg<CliReply>().Data);
        Assert.Equal("/user", root.Path);
        Assert.Contains(root.Children, c => c.Path == "/user/cli" && c.Type == nameof(CliGateway));
    }

    [Fact]
    public void ChildrenPastTheCapAreCountedNotListed()
    {
        var parent = Sys.ActorOf(Props.Create(() => new Parent(CliGateway.ChildrenListed + 7)), "many");
        parent.Tell("ready?");
        ExpectMsg("ready");

        var node = ActorTree.Walk(Sys, CliGateway.ChildrenListed).Children.Single(c => c.Path == "/user/many");
        Assert.Equal((CliGateway.ChildrenListed, 7), (node.Children.Count, node.Omitted));
    }

    private sealed class Parent : ReceiveActor
    {
        public Parent(int children)
        {
            for (var i = 0; i < children; i++)
            {
                Context.ActorOf(Props.Create(() => new Parent(0)), $"c{i}");
            }

            Receive<string>(_ => Sender.Tell("ready"));
        }
    }
}
