using System.Text.Json;
using Akka.Actor;
using Akka.TestKit;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Daemon.Heartbeat;
using Sanctum.Ledger;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Planning;
using Xunit;

namespace Sanctum.Daemon.Tests;

/// <summary>The heartbeat is what <c>sanctum deadman</c> watches: only a guard that does not answer may go stale.</summary>
public sealed class HeartbeatActorTests : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMilliseconds(300);
    private readonly string _dir = Directory.CreateTempSubdirectory("sanctum-heartbeat-").FullName;

    private string HeartbeatPath => Path.Combine(_dir, Ledger.Heartbeat.FileName);

    [Fact]
    public void ALedgerThatDoesNotAnswerStillGetsABeatWrittenWithPersistenceUnknown()
    {
        var root = Root();
        var silentLedger = CreateTestProbe();

        Sys.ActorOf(HeartbeatActor.Props(root.Ref, root.Ref, silentLedger.Ref, HeartbeatPath, TimeSpan.FromSeconds(1), AskTimeout, "test", DateTimeOffset.UtcNow));

        AwaitAssert(
            () =>
            {
                var persistence = Read().GetProperty("persistence");
                Assert.Equal("unknown", persistence.GetProperty("status").GetString());
                Assert.Equal(JsonValueKind.Null, persistence.GetProperty("pending").ValueKind);
            },
            TimeSpan.FromSeconds(5));
        Assert.Equal([42], Read().GetProperty("frozen").EnumerateArray().Select(f => f.GetProperty("pid").GetInt32()));
    }

    [Fact]
    public void AValveThatDoesNotAnswerWritesNoBeat()
    {
        var silentRoot = CreateTestProbe();
        var ledger = CreateTestProbe();
        ledger.SetAutoPilot(new DelegateAutoPilot((sender, _) =>
        {
            sender.Tell(new LedgerHealth(LedgerStatus.Ok, null, 0, null));
            return AutoPilot.KeepRunning;
        }));

        Sys.ActorOf(HeartbeatActor.Props(silentRoot.Ref, silentRoot.Ref, ledger.Ref, HeartbeatPath, TimeSpan.FromMilliseconds(100), AskTimeout, "test", DateTimeOffset.UtcNow));

        silentRoot.ExpectMsg<GetValveStatus>();
        silentRoot.ExpectMsg<ListOwners>();
        // Several beats' worth: each later beat asks again only once the previous one has timed out.
        silentRoot.ExpectMsg<GetValveStatus>(AskTimeout * 3);
        Assert.False(File.Exists(HeartbeatPath));
    }

    [Fact]
    public void AProgressingValveGetsReadyOnceThenTheWatchdogPettedAtEveryBeat()
    {
        var notified = CreateTestProbe();
        var root = Root(() => new ValveProgress(7, DateTimeOffset.UtcNow));

        Sys.ActorOf(HeartbeatActor.Props(root.Ref, root.Ref, HealthyLedger(), HeartbeatPath, TimeSpan.FromMilliseconds(100), AskTimeout, "test", DateTimeOffset.UtcNow, new ProbeNotifier(notified)));

        Assert.Equal(["READY=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"], Enumerable.Range(0, 4).Select(_ => notified.ExpectMsg<string>()));
        AwaitAssert(() => Assert.Equal("progressing", Read().GetProperty("progress").GetProperty("state").GetString()));
        Assert.Equal(7, Read().GetProperty("progress").GetProperty("readings").GetInt64());
    }

    [Fact]
    public void AStalledValveIsWrittenAsStalledAndTheWatchdogIsNoLongerPetted()
    {
        var notified = CreateTestProbe();
        var progress = new ValveProgress(3, DateTimeOffset.UtcNow);
        var root = Root(() => progress);

        Sys.ActorOf(HeartbeatActor.Props(root.Ref, root.Ref, HealthyLedger(), HeartbeatPath, TimeSpan.FromMilliseconds(100), AskTimeout, "test", DateTimeOffset.UtcNow, new ProbeNotifier(notified)));
        notified.ExpectMsg("READY=1");
        notified.ExpectMsg("WATCHDOG=1");

        // The valve answers, but has acted on no reading for longer than the bound (10 s for this tick).
        progress = new ValveProgress(3, DateTimeOffset.UtcNow - TimeSpan.FromSeconds(11));
        AwaitAssert(() => Assert.Equal("stalled", Read().GetProperty("progress").GetProperty("state").GetString()), TimeSpan.FromSeconds(3));
        while (notified.HasMessages)
        {
            notified.ReceiveOne(TimeSpan.Zero);
        }

        notified.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Equal(10, Read().GetProperty("progress").GetProperty("stall_after_seconds").GetDouble());

        progress = progress.Next(DateTimeOffset.UtcNow);
        notified.ExpectMsg("WATCHDOG=1", TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void AHeartbeatThatCannotBeWrittenIsTriedAtEveryBeatAndLoggedOnce()
    {
        var root = Root(() => new ValveProgress(1, DateTimeOffset.UtcNow));
        var missing = Path.Combine(_dir, "not-yet");
        var path = Path.Combine(missing, Ledger.Heartbeat.FileName);

        EventFilter.Warning(contains: "heartbeat not written").Expect(1, TimeSpan.FromSeconds(2), () =>
            Sys.ActorOf(HeartbeatActor.Props(root.Ref, root.Ref, HealthyLedger(), path, TimeSpan.FromMilliseconds(100), AskTimeout, "test", DateTimeOffset.UtcNow)));
        EventFilter.Warning(contains: "heartbeat not written").Expect(0, TimeSpan.FromMilliseconds(500), () => { });

        Directory.CreateDirectory(missing);
        AwaitCondition(() => File.Exists(path), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(20));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Directory.Delete(_dir, recursive: true);
    }

    private JsonElement Read()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(HeartbeatPath));
        return json.RootElement.Clone();
    }

    private IActorRef HealthyLedger()
    {
        var ledger = CreateTestProbe();
        ledger.SetAutoPilot(new DelegateAutoPilot((sender, _) =>
        {
            sender.Tell(new LedgerHealth(LedgerStatus.Ok, null, 0, null));
            return AutoPilot.KeepRunning;
        }));
        return ledger.Ref;
    }

    private TestProbe Root(Func<ValveProgress?>? progress = null)
    {
        var root = CreateTestProbe();
        var frozen = new OwnerSnapshot(
            new ProcRow(42, 7, 1024, "T", "sleep", "sleep 1000"),
            new OwnerTraits(null, false, true),
            new FreezeLease(Requester.Valve, "ORANGE: worst allowlisted", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(30), false),
            null,
            1);
        root.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            object answer = message switch
            {
                GetValveStatus => new ValveStatus(PressureLevel.Orange, null, DryRun: false, null, [], RemedyStage.Observe, progress?.Invoke()),
                _ => new OwnerList([frozen]),
            };
            sender.Tell(answer);
            return AutoPilot.KeepRunning;
        }));
        return root;
    }

    private sealed class ProbeNotifier(TestProbe probe) : IServiceNotifier
    {
        public void Notify(string state) => probe.Ref.Tell(state);
    }
}
