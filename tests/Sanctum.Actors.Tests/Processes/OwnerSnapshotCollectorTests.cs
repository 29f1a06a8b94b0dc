using Akka.TestKit;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Actors.Tests.Processes;

/// <summary>The listing behind the heartbeat, <c>sanctum ps</c> and the thaw on stop, in virtual time.</summary>
public sealed class OwnerSnapshotCollectorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    public OwnerSnapshotCollectorTests()
        : base(VirtualTime.Config)
    {
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void AnOwnerThatStopsBeforeAnsweringDoesNotHoldTheListUntilTheDeadline()
    {
        var answering = Owner(pid: 200);
        var stopping = CreateTestProbe();
        Watch(stopping.Ref);

        Sys.ActorOf(OwnerSnapshotCollector.Props([answering.Ref, stopping.Ref], TestActor, Deadline));
        stopping.ExpectMsg<GetOwnerState>();
        Sys.Stop(stopping.Ref);
        ExpectTerminated(stopping.Ref);

        var list = ExpectMsg<OwnerList>();
        Assert.Equal([200], list.Owners.Select(o => o.Row.Pid));
    }

    [Fact]
    public void AnOwnerThatNeverAnswersIsLeftOutAtTheDeadline()
    {
        var answering = Owner(pid: 300);
        var silent = CreateTestProbe();

        Sys.ActorOf(OwnerSnapshotCollector.Props([silent.Ref, answering.Ref], TestActor, Deadline));
        silent.ExpectMsg<GetOwnerState>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Clock.Advance(Deadline);
        var list = ExpectMsg<OwnerList>();
        Assert.Equal([300], list.Owners.Select(o => o.Row.Pid));
    }

    [Fact]
    public void NoOwnersIsAnEmptyListAtOnce()
    {
        Sys.ActorOf(OwnerSnapshotCollector.Props([], TestActor, Deadline));
        Assert.Empty(ExpectMsg<OwnerList>().Owners);
    }

    private TestProbe Owner(int pid)
    {
        var probe = CreateTestProbe();
        probe.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is GetOwnerState)
            {
                sender.Tell(new OwnerSnapshot(new ProcRow(pid, 1, 1024, "S", "sleep", "sleep 1000"), new OwnerTraits(null, false, true), null, null, 0), probe.Ref);
            }

            return AutoPilot.KeepRunning;
        }));
        return probe;
    }
}
