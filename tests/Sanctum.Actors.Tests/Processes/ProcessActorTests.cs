using Akka.Actor;
using Akka.TestKit;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Replay;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Actors.Tests.Processes;

/// <summary>One owner against the simulated OS, in virtual time: leases, deferral, thaws.</summary>
public sealed class ProcessActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly ArbiterSettings Settings = new(TimeSpan.FromSeconds(120), LeaseOptions.Default);
    private static readonly ProcessIdentity Worker = new(23424, 0);

    private readonly SimulatedHost _host;
    private readonly IActorRef _owner;
    private readonly TestProbe _decisions;

    public ProcessActorTests(ITestOutputHelper output)
        : base(VirtualTime.Config, output: output)
    {
        _host = SimulatedHosts.With(() => Clock.Now, SimulatedHosts.Process(Worker.Pid, "node", command: "/Users/neo/.lmstudio/.internal/utils/node"));
        var row = _host.Read().Rows.Single();
        _owner = Sys.ActorOf(ProcessActor.Props(OwnerState.Create(row, new OwnerTraits(null, IsCritical: true, IsAllowlisted: true)), Settings, _host));
        _decisions = CreateTestProbe();
        Sys.EventStream.Subscribe(_decisions.Ref, typeof(SignalDecision));
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    /// <summary>Publishes a confirmed level change and waits until the owner has taken it (its timers armed).</summary>
    private void Level(PressureLevel from, PressureLevel to)
    {
        Sys.EventStream.Publish(new LevelTick(Clock.Now, to));
        _owner.Tell(GetOwnerState.Instance, TestActor);
        ExpectMsg<OwnerSnapshot>();
    }

    private void Freeze()
    {
        _owner.Tell(new Freeze(Requester.Valve, "ORANGE: worst candidate", PressureLevel.Orange, DryRun: false), TestActor);
        ExpectMsg<Applied>(a => a.Signal == Signal.Stop && !a.DryRun);
        Assert.Equal("T", _host.StateOf(Worker));
        _decisions.ExpectMsg<SignalDecision>(d => d.Outcome == Outcome.Applied && d.Signal == Signal.Stop);
    }

    [Fact]
    public void TheLeaseThawsTheProcessAfterPressureHasBeenCalmForThawAfter()
    {
        Freeze();

        Level(PressureLevel.Orange, PressureLevel.Yellow);
        Clock.Advance(TimeSpan.FromSeconds(29));
        _decisions.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal("T", _host.StateOf(Worker));

        Clock.Advance(TimeSpan.FromSeconds(1));
        var thaw = _decisions.ExpectMsg<SignalDecision>();
        Assert.Equal((Signal.Continue, Requester.Lease, Outcome.Applied), (thaw.Signal, thaw.By, thaw.Outcome));
        Assert.Equal("S", _host.StateOf(Worker));
    }

    [Fact]
    public void PressureReturningBeforeThawAfterKeepsTheFreeze()
    {
        Freeze();

        Level(PressureLevel.Orange, PressureLevel.Green);
        Clock.Advance(TimeSpan.FromSeconds(20));
        Level(PressureLevel.Green, PressureLevel.Orange);
        Clock.Advance(TimeSpan.FromSeconds(20));

        _decisions.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal("T", _host.StateOf(Worker));
    }

    [Fact]
    public void TheLeaseEndsAtMaxEvenUnderPressure()
    {
        Freeze();

        for (var minute = 0; minute < 30; minute++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var thaw = _decisions.ExpectMsg<SignalDecision>();
        Assert.Equal((Signal.Continue, Requester.Lease), (thaw.Signal, thaw.By));
        Assert.Contains("lease ended", thaw.Reason);
    }

    [Fact]
    public void TheSentinelIsDeferredUnderTheLeaseAndTheDeferralIsRecordedOnce()
    {
        Freeze();

        for (var scan = 0; scan < 5; scan++)
        {
            _owner.Tell(new Resume(Requester.Sentinel, "critical found stopped", PressureLevel.Orange, DryRun: false), TestActor);
            var deferred = ExpectMsg<Deferred>();
            Assert.Equal(Clock.Now + TimeSpan.FromMinutes(30) - TimeSpan.FromSeconds(10 * scan), deferred.Until);
            Clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(Outcome.Deferred, _decisions.ExpectMsg<SignalDecision>().Outcome);
        _decisions.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.Equal("T", _host.StateOf(Worker));
    }

    [Fact]
    public void DryRunDecidesAndRecordsButSendsNothing()
    {
        _owner.Tell(new Freeze(Requester.Valve, "ORANGE", PressureLevel.Orange, DryRun: true), TestActor);

        Assert.True(ExpectMsg<Applied>().DryRun);
        Assert.Equal(Outcome.DryRun, _decisions.ExpectMsg<SignalDecision>().Outcome);
        Assert.Equal("S", _host.StateOf(Worker));
    }
}
