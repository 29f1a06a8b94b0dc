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

    private TestProbe Root()
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
                GetValveStatus => new ValveStatus(PressureLevel.Orange, null, DryRun: false, null, [], RemedyStage.Observe),
                _ => new OwnerList([frozen]),
            };
            sender.Tell(answer);
            return AutoPilot.KeepRunning;
        }));
        return root;
    }
}
