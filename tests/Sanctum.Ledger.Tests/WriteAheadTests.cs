using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Ports;
using Sanctum.Replay;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Ledger.Tests;

/// <summary>A freeze is written down (fsync'd) before its SIGSTOP, and whatever finds it later can undo it.</summary>
public sealed class WriteAheadTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset At = new(2026, 4, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProcessIdentity Worker = new(4242, 99);
    private readonly string _dir = Fixtures.NewDataDir();

    public WriteAheadTests(ITestOutputHelper output)
        : base(Fixtures.InMemoryConfig(), output: output)
    {
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Fixtures.Delete(_dir);
    }

    private string HoldsPath => Path.Combine(_dir, HoldFile.FileName);

    [Fact]
    public void AHoldIsReadBackByAnotherReaderUntilItIsReleasedAndThenTheFileIsEmpty()
    {
        using (var holds = HoldFile.Open(_dir))
        {
            Assert.Null(holds.Record(Worker, At));
            Assert.Null(holds.Record(new ProcessIdentity(7, 1), At.AddSeconds(1)));
            Assert.Equal([Worker, new ProcessIdentity(7, 1)], HoldFile.ReadFrom(_dir).Select(h => h.Identity));
            Assert.Equal(At, HoldFile.ReadFrom(_dir)[0].At);

            holds.Release(Worker);
            Assert.Equal([new ProcessIdentity(7, 1)], HoldFile.ReadFrom(_dir).Select(h => h.Identity));
        }

        using (var reopened = HoldFile.Open(_dir))
        {
            Assert.Equal([new ProcessIdentity(7, 1)], reopened.Held().Select(h => h.Identity));
            reopened.Release(new ProcessIdentity(7, 1));
        }

        Assert.Equal(0, new FileInfo(HoldsPath).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(HoldsPath));
        }
    }

    [Fact]
    public void ALongFileIsCompactedToWhatIsStillHeld()
    {
        using var holds = HoldFile.Open(_dir, compactAfterLines: 40);
        for (var pid = 2; pid < 62; pid++)
        {
            Assert.Null(holds.Record(new ProcessIdentity(pid, 5), At.AddSeconds(pid)));
        }

        for (var pid = 2; pid < 52; pid++)
        {
            holds.Release(new ProcessIdentity(pid, 5));
        }

        Assert.Equal(Enumerable.Range(52, 10), HoldFile.ReadFrom(_dir).Select(h => h.Identity.Pid));
        Assert.True(File.ReadAllLines(HoldsPath).Length <= 40, $"{File.ReadAllLines(HoldsPath).Length} lines");
        Assert.False(File.Exists(HoldsPath + ".tmp"));
    }

    [Fact]
    public void ATornLineIsSkippedAndTheHoldsAroundItAreKept()
    {
        File.WriteAllText(HoldsPath, "+ 10 1 1000\n+ 11 1 10\n- 11 1\n+ 12 1 2000\n+ 13 1");
        Assert.Equal([10, 12], HoldFile.ReadFrom(_dir).Select(h => h.Identity.Pid));
    }

    [Fact]
    public void ASymlinkInPlaceOfTheFileIsRefusedAndItsTargetIsNotWritten()
    {
        var target = Path.Combine(_dir, "victim");
        File.WriteAllText(target, "precious");
        File.CreateSymbolicLink(HoldsPath, target);
        using var holds = HoldFile.Open(_dir);

        Assert.Contains("symbolic link", holds.Record(Worker, At));
        Assert.Equal("precious", File.ReadAllText(target));
    }

    [Fact]
    public void WhenTheHoldCannotBeWrittenTheStopIsNotSentAndTheRefusalSaysWhy()
    {
        var gone = Path.Combine(_dir, "removed");
        using var holds = HoldFile.Open(gone);
        var inner = new RecordingSignals(_ => { });
        var refusals = new List<string>();
        var port = new WriteAheadSignalPort(inner, holds, () => At, (id, why) => refusals.Add($"{id}: {why}"));

        Assert.Equal(Delivery.Failed, port.Send(Worker, Signal.Stop));

        Assert.Empty(inner.Sent);
        Assert.Contains($"{Worker}: the freeze could not be written down first", Assert.Single(refusals));
        Directory.CreateDirectory(gone);
        Assert.Equal(Delivery.Delivered, port.Send(Worker, Signal.Stop));
        Assert.Equal([Worker], HoldFile.ReadFrom(gone).Select(h => h.Identity));
    }

    [Fact]
    public void TheHoldIsOnDiskWhenTheStopIsSentAndGoesWithTheResume()
    {
        using var holds = HoldFile.Open(_dir);
        var onDiskAtSend = new List<int>();
        var inner = new RecordingSignals(_ => onDiskAtSend.Add(HoldFile.ReadFrom(_dir).Count));
        var port = new WriteAheadSignalPort(inner, holds, () => At, (_, why) => Assert.Fail(why));

        Assert.Equal(Delivery.Delivered, port.Send(Worker, Signal.Stop));
        Assert.Equal([Worker], holds.Held().Select(h => h.Identity));
        Assert.Equal(Delivery.Delivered, port.Send(Worker, Signal.Continue));

        Assert.Equal([1, 1], onDiskAtSend);
        Assert.Empty(holds.Held());
        Assert.Empty(HoldFile.ReadFrom(_dir));
    }

    [Theory]
    [InlineData(Signal.Stop, Delivery.Gone, 0)]
    [InlineData(Signal.Stop, Delivery.NotPermitted, 0)]
    [InlineData(Signal.Kill, Delivery.Delivered, 0)]
    [InlineData(Signal.Continue, Delivery.Failed, 1)]
    [InlineData(Signal.Continue, Delivery.Gone, 0)]
    public void AHoldStaysOnlyWhileTheProcessMayStillBeStopped(Signal signal, Delivery delivery, int left)
    {
        using var holds = HoldFile.Open(_dir);
        Assert.Null(holds.Record(Worker, At));
        var port = new WriteAheadSignalPort(new RecordingSignals(_ => { }, delivery), holds, () => At, (_, _) => { });

        port.Send(Worker, signal);

        Assert.Equal(left, holds.Held().Count);
    }

    [Fact]
    public void AnUnjournaledHoldStillStoppedIsThawedAndOneAlreadyJournaledIsLeftToItsTombstone()
    {
        ProcRow Row(int pid, long start, string state) => new(pid, start, 1_000_000, state, $"p{pid}", $"p{pid}");
        var journaled = new Tombstone(10, 7, "p10", "valve", "ORANGE", At.AddMinutes(-5), At.AddMinutes(25));
        Hold[] holds =
        [
            new(new ProcessIdentity(10, 7), At.AddMinutes(-5)),
            new(new ProcessIdentity(20, 7), At.AddMinutes(-1)),
            new(new ProcessIdentity(30, 7), At.AddMinutes(-1)), // running again
            new(new ProcessIdentity(40, 7), At.AddMinutes(-1)), // pid reused
            new(new ProcessIdentity(50, 7), At.AddMinutes(-1)), // gone
        ];

        var plan = Reconciler.Plan([journaled], [], [Row(10, 7, "T"), Row(20, 7, "T"), Row(30, 7, "S"), Row(40, 8, "T")], At, holds);

        Assert.Equal([("readopt", 10), ("thaw", 20)], plan.Select(p => (p is Readopt ? "readopt" : p is Thaw ? "thaw" : "close", p.Tombstone.Pid)));
        Assert.Contains("before it journaled", plan[1].Why);
        Assert.Equal("p20", plan[1].Tombstone.Name);
    }

    [Fact]
    public async Task ThroughTheActorsAnUnjournaledFreezeIsThawedAndStaleHoldsAreReleased()
    {
        var host = new SimulatedHost(
            new Scenario("holds", TimeSpan.FromHours(1), 65_536, 32_768,
            [
                new ScenarioProcess(500, 0, "stopped", "stopped", 5_000, "T", TimeSpan.Zero, null, 5_000),
                new ScenarioProcess(600, 0, "running", "running", 5_000, "S", TimeSpan.Zero, null, 5_000),
            ], [], [], []),
            () => DateTimeOffset.UtcNow);
        using var holds = HoldFile.Open(_dir);
        var earlier = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1);
        Assert.Null(holds.Record(new ProcessIdentity(500, 0), earlier));
        Assert.Null(holds.Record(new ProcessIdentity(600, 0), earlier));
        var signals = new WriteAheadSignalPort(host, holds, () => DateTimeOffset.UtcNow, (_, why) => Assert.Fail(why));
        var ledger = Sys.ActorOf(LedgerSupervisor.Props(Fixtures.Settings()), "ledger");
        var registry = Sys.ActorOf(ProcessRegistry.Props(PickerPolicy.Compile([], [], [], []), new ArbiterSettings(TimeSpan.FromSeconds(120), LeaseOptions.Default), signals), "processes");
        var scanner = Sys.ActorOf(ProcessScanner.Props(host, registry, []), "scanner");

        Sys.ActorOf(ReconcilerActor.Props(ledger, registry, scanner, TestActor, holds: holds));
        scanner.Tell(ScanProcesses.Instance);

        var done = ExpectMsg<ReconcileDone>(TimeSpan.FromSeconds(10));
        Assert.Equal(("thawed", 500), (Assert.Single(done.Outcomes).Result, done.Outcomes[0].Step.Tombstone.Pid));
        Assert.Equal("S", host.StateOf(new ProcessIdentity(500, 0)));
        Assert.Empty(holds.Held());
        var state = await ledger.Ask<LedgerState>(GetLedgerState.Instance, TimeSpan.FromSeconds(3));
        Assert.Contains(state.Recent, d => d is { Kind: "signal", Action: "SIGCONT", By: "ledger", Outcome: "applied" });
    }

    private sealed class RecordingSignals(Action<ProcessIdentity> onSend, Delivery answer = Delivery.Delivered) : ISignalPort
    {
        public List<(ProcessIdentity, Signal)> Sent { get; } = [];

        public Delivery Send(ProcessIdentity target, Signal signal)
        {
            onSend(target);
            Sent.Add((target, signal));
            return answer;
        }
    }
}
