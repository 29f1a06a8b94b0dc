using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Replay;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Ledger.Tests;

public sealed class ReconcilerTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset At = new(2026, 4, 26, 12, 0, 0, TimeSpan.Zero);

    public ReconcilerTests(ITestOutputHelper output)
        : base(Fixtures.InMemoryConfig(), output: output)
    {
    }

    private static Tombstone Frozen(int pid, long start, TimeSpan leaseLeft) =>
        new(pid, start, $"p{pid}", "valve", "ORANGE: worst candidate", At - TimeSpan.FromMinutes(5), At + leaseLeft);

    private static ProcRow Row(int pid, long start, string state) => new(pid, start, 1_000_000, state, $"p{pid}", $"p{pid}");

    public static TheoryData<string, string, string> Table => new()
    {
        // table row for pid 10          expected  reason contains
        { "10/7/T",                      "readopt", "lease re-adopted" },
        { "10/7/T lease-over",           "thaw",    "lease ended" },
        { "",                            "close",   "gone" },
        { "10/8/T",                      "close",   "another process" },
        { "10/7/S",                      "close",   "resumed" },
        { "10/7/T deadman",              "close",   "deadman" },
        { "10/7/T deadman-before",       "readopt", "lease re-adopted" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void PlansOneOutcomePerOpenTombstone(string row, string expected, string why)
    {
        var parts = row.Split(' ');
        var rows = parts[0].Length == 0
            ? Array.Empty<ProcRow>()
            : [Row(int.Parse(parts[0].Split('/')[0]), long.Parse(parts[0].Split('/')[1]), parts[0].Split('/')[2])];
        var flag = parts.Length > 1 ? parts[1] : "";
        var tombstone = Frozen(10, 7, flag == "lease-over" ? TimeSpan.FromMinutes(-1) : TimeSpan.FromMinutes(25));
        DeadmanActed[] deadman = flag switch
        {
            "deadman" => [new DeadmanActed(At - TimeSpan.FromMinutes(1), 10, 7, DeadmanResults.Thawed)],
            "deadman-before" => [new DeadmanActed(tombstone.Since - TimeSpan.FromMinutes(1), 10, 7, DeadmanResults.Thawed)],
            _ => [],
        };

        var step = Assert.Single(Reconciler.Plan([tombstone], deadman, rows, At));

        Assert.Equal(expected, step switch { Readopt => "readopt", Thaw => "thaw", _ => "close" });
        Assert.Contains(why, step.Why);
        if (step is Readopt r)
        {
            Assert.Equal((tombstone.Since, tombstone.LeaseUntil, Requester.Valve), (r.Lease.Since, r.Lease.Until, r.Lease.By));
        }
    }

    [Fact]
    public async Task ThroughTheActorsOwnersReadoptThawAndNeverTouchAReusedPid()
    {
        var now = DateTimeOffset.UtcNow;
        var host = new SimulatedHost(
            new Scenario("reconcile", TimeSpan.FromHours(1), 65_536, 32_768,
            [
                new ScenarioProcess(100, 0, "held", "held", 5_000, "T", TimeSpan.Zero, null, 5_000),
                new ScenarioProcess(200, 0, "newcomer", "newcomer", 5_000, "T", TimeSpan.Zero, null, 5_000),
                new ScenarioProcess(400, 0, "overdue", "overdue", 5_000, "T", TimeSpan.Zero, null, 5_000),
            ], [], [], []),
            () => DateTimeOffset.UtcNow);
        var ledger = Sys.ActorOf(LedgerSupervisor.Props(Fixtures.Settings()), "ledger");
        FreezeOpened Opened(int pid, long start, TimeSpan leaseLeft) =>
            new(now - TimeSpan.FromMinutes(2), pid, start, $"p{pid}", "valve", "ORANGE", now + leaseLeft);
        ledger.Tell(new RecordEvents(
        [
            Opened(100, 0, TimeSpan.FromMinutes(20)),
            Opened(200, 5, TimeSpan.FromMinutes(20)), // pid 200 now belongs to a process with start 0
            Opened(300, 0, TimeSpan.FromMinutes(20)), // gone
            Opened(400, 0, TimeSpan.FromMinutes(-1)), // lease ended while down
        ]));
        var registry = Sys.ActorOf(ProcessRegistry.Props(PickerPolicy.Compile([], [], [], []), new ArbiterSettings(TimeSpan.FromSeconds(120), LeaseOptions.Default), host), "processes");
        var scanner = Sys.ActorOf(ProcessScanner.Props(host, registry, []), "scanner");

        Sys.ActorOf(ReconcilerActor.Props(ledger, registry, scanner, TestActor));
        scanner.Tell(ScanProcesses.Instance);

        var done = ExpectMsg<ReconcileDone>(TimeSpan.FromSeconds(10));
        var results = done.Outcomes.ToDictionary(o => o.Step.Tombstone.Pid, o => o.Result);
        Assert.Equal("re-adopted", results[100]);
        Assert.StartsWith("closed", results[200]);
        Assert.Equal("closed", results[300]);
        Assert.Equal("thawed", results[400]);
        Assert.Equal("T", host.StateOf(new ProcessIdentity(100, 0)));
        Assert.Equal("T", host.StateOf(new ProcessIdentity(200, 0)));
        Assert.Equal("S", host.StateOf(new ProcessIdentity(400, 0)));

        // The re-adopted owner holds the lease again: the sentinel is deferred to its end.
        registry.Tell(new Route(new ProcessIdentity(100, 0), new Resume(Requester.Sentinel, "critical stopped", PressureLevel.Orange, DryRun: false)));
        Assert.Equal(now + TimeSpan.FromMinutes(20), ExpectMsg<Deferred>().Until);

        await AwaitAssertAsync(async () =>
        {
            var state = await ledger.Ask<LedgerState>(GetLedgerState.Instance, TimeSpan.FromSeconds(3));
            Assert.Equal([100], state.Open.Keys.Select(k => k.Pid));
            Assert.Contains(state.Recent, d => d is { Kind: "reconcile", Action: "adopt", By: "ledger" });
            Assert.Contains(state.Recent, d => d is { Kind: "signal", Action: "SIGCONT", By: "ledger", Outcome: "applied" });
        });
    }
}
