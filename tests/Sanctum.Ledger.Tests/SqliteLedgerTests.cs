using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Effectiveness;
using Sanctum.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Ledger.Tests;

/// <summary>The real thing: Akka.Persistence.Sql on a SQLite file in a temp folder, recovered by new ActorSystems.</summary>
public sealed class SqliteLedgerTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _dir = Fixtures.NewDataDir();

    public SqliteLedgerTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Fixtures.Delete(_dir);

    private string DbFile => Path.Combine(_dir, LedgerSetup.FileName);

    [Fact]
    public async Task DecisionsSurviveARestartTombstonesMarkersAndCooldownsIncluded()
    {
        var config = Fixtures.SqliteConfig(_dir);
        Assert.Equal("wal", Scalar("PRAGMA journal_mode;"));
        var now = DateTimeOffset.UtcNow;
        var frozen = new ProcessIdentity(4242, 777);
        var thawed = new ProcessIdentity(4343, 888);

        await using (var first = await LedgerSystem.StartAsync(config, Fixtures.Settings()))
        {
            Decision[] decisions =
            [
                Fixtures.Signalled(now, frozen, Signal.Stop),
                Fixtures.Signalled(now, thawed, Signal.Stop),
                Fixtures.Signalled(now.AddSeconds(40), thawed, Signal.Continue, Requester.Lease),
                Fixtures.Signalled(now, new ProcessIdentity(4444, 1), Signal.Stop, outcome: Outcome.DryRun),
                new ShedDecision(now, "ollama", Requester.Valve, Outcome.Applied, "ORANGE: shed tier 3", PressureLevel.Orange),
                new EvaluationDecision(now.AddSeconds(120), "ollama", false, 12, TimeSpan.FromMinutes(30)),
            ];
            foreach (var d in decisions)
            {
                first.System.EventStream.Publish(d);
            }

            await first.UntilWrittenAsync(expectedDecisions: 5);
        }

        await using var second = await LedgerSystem.StartAsync(config, Fixtures.Settings());
        var state = await second.StateAsync();

        var open = Assert.Single(state.Open.Values);
        Assert.Equal((frozen, "valve", now + TimeSpan.FromMinutes(30)), (open.Identity, open.Requester, open.LeaseUntil));
        Assert.Equal(5, state.Decisions);
        var skip = ShedEffectiveness.Create(100, 2, TimeSpan.FromMinutes(30));
        Assert.True(state.Seed(skip).IsIneffective("ollama", now.AddMinutes(10)));
        Assert.Contains(state.ActiveCooldowns(now.AddSeconds(60)), c => c is { Target: "ollama", Action: "shed" });
        Assert.Contains(state.ActiveCooldowns(now.AddSeconds(60)), c => c.Target == frozen.ToString() && c.Action == "SIGSTOP");
        Assert.Equal(LedgerStatus.Ok, (await second.HealthAsync()).Status);
    }

    [Fact]
    public async Task SnapshotsDeleteWhatIsBehindThemSoRecoveryStaysShort()
    {
        var config = Fixtures.SqliteConfig(_dir);
        await using (var first = await LedgerSystem.StartAsync(config, Fixtures.Settings(snapshotEvery: 100)))
        {
            for (var i = 0; i < 1_050; i += 50)
            {
                first.Ledger.Tell(new RecordEvents(Decisions(DateTimeOffset.UtcNow, 50)));
            }

            await first.UntilWrittenAsync(expectedDecisions: 1_050);
            // Snapshots and deletions are fire-and-forget: wait until the last one has been cleaned up behind.
            Assert.True(Poll.Until(() => Rows() <= 200), $"{Rows()} live journal rows");
        }

        var rows = Rows();
        var snapshots = long.Parse(Scalar("SELECT COUNT(*) FROM snapshot;")!);
        _output.WriteLine($"journal rows left {rows}, snapshots {snapshots} after 1050 events with snapshot-every 100");
        Assert.True(rows <= 200, $"{rows} journal rows left behind the snapshots");
        Assert.True(snapshots <= 2, $"{snapshots} snapshots kept");

        await using var second = await LedgerSystem.StartAsync(config, Fixtures.Settings(snapshotEvery: 100));
        var state = await second.StateAsync();
        Assert.Equal(1_050, state.Decisions);
        // The decision trail rides in the snapshot: all 1 050 (fewer than RecentKept) survive the deleted events.
        Assert.Equal(1_050, state.Recent.Count);
    }

    [Fact]
    public async Task AFlushIsAnsweredOnlyOnceEveryDecisionSentBeforeItIsOnDisk()
    {
        var config = Fixtures.SqliteConfig(_dir);
        await using (var first = await LedgerSystem.StartAsync(config, Fixtures.Settings(snapshotEvery: int.MaxValue)))
        {
            var start = DateTimeOffset.UtcNow;
            for (var i = 0; i < 3_000; i++)
            {
                first.System.EventStream.Publish(Fixtures.Signalled(start.AddMilliseconds(i), new ProcessIdentity(10_000 + i, 1), Signal.Continue));
            }

            await first.Ledger.Ask<EventsWritten>(AwaitWritten.Instance, TimeSpan.FromSeconds(30));
            Assert.True(Rows() >= 3_000, $"{Rows()} journal rows");
        }

        await using var second = await LedgerSystem.StartAsync(config, Fixtures.Settings());
        Assert.Equal(3_000, (await second.StateAsync()).Decisions);
    }

    /// <summary>Numbers, not asserts: 100 000 decisions journaled in batches, then full replay and snapshot recovery timed.</summary>
    [Fact]
    public async Task RecoveryAfter100000DecisionsIsMeasured()
    {
        const int total = 100_000;
        var config = Fixtures.SqliteConfig(_dir);
        var noSnapshots = Fixtures.Settings(snapshotEvery: int.MaxValue, maxPending: total);
        var write = Stopwatch.StartNew();
        await using (var writer = await LedgerSystem.StartAsync(config, noSnapshots))
        {
            var start = DateTimeOffset.UtcNow;
            for (var i = 0; i < total; i += 10_000)
            {
                writer.Ledger.Tell(new RecordEvents(Decisions(start.AddSeconds(i), 10_000)));
            }

            await writer.UntilWrittenAsync(expectedDecisions: total, timeout: TimeSpan.FromSeconds(120));
        }

        write.Stop();
        Scalar("PRAGMA wal_checkpoint(TRUNCATE);");
        var bytes = new FileInfo(DbFile).Length;

        var replay = Stopwatch.StartNew();
        await using (var full = await LedgerSystem.StartAsync(config, Fixtures.Settings()))
        {
            Assert.Equal(total, (await full.StateAsync()).Decisions);
            replay.Stop();

            // One more write with snapshot-every 1000 takes a snapshot and deletes the 100 000 events behind it.
            full.Ledger.Tell(new RecordEvents(Decisions(DateTimeOffset.UtcNow, 1)));
            await full.UntilWrittenAsync(expectedDecisions: total + 1);
            Assert.True(Poll.Until(() => Rows() <= 1), $"{Rows()} live journal rows");
        }

        var snapshot = Stopwatch.StartNew();
        await using (var fromSnapshot = await LedgerSystem.StartAsync(config, Fixtures.Settings()))
        {
            Assert.Equal(total + 1, (await fromSnapshot.StateAsync()).Decisions);
            snapshot.Stop();
        }

        _output.WriteLine($"wrote {total} decisions in {write.ElapsedMilliseconds} ms ({total * 1000.0 / write.ElapsedMilliseconds:0} events/s, batches of 1000)");
        _output.WriteLine($"sanctum.db {bytes / 1024.0 / 1024.0:0.0} MiB = {bytes / 10.0 / 1024.0:0} KiB per 10 000 decisions");
        _output.WriteLine($"recovery of a fresh ActorSystem: full replay of {total} events {replay.ElapsedMilliseconds} ms; from snapshot {snapshot.ElapsedMilliseconds} ms");
        _output.WriteLine($"live journal rows after the snapshot: {Rows()}");
    }

    private static DecisionRecorded[] Decisions(DateTimeOffset start, int count) =>
        Enumerable.Range(0, count)
            .Select(i => new DecisionRecorded(start.AddMilliseconds(i), "signal", $"{10_000 + (i % 5_000)}-{i}", "SIGSTOP", "valve", "refused", "cooldown: frozen at 12:00:00Z, next freeze allowed at 12:02:00Z", "orange"))
            .ToArray();

    /// <summary>Journal rows not deleted (Akka.Persistence.Sql keeps the highest one, marked deleted, for the sequence number).</summary>
    private long Rows() => long.Parse(Scalar("SELECT COUNT(*) FROM journal WHERE deleted = 0;")!);

    private string? Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbFile, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}

/// <summary>A bare ActorSystem running one ledger, as the daemon would.</summary>
internal sealed class LedgerSystem : IAsyncDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private LedgerSystem(ActorSystem system, IActorRef ledger)
    {
        System = system;
        Ledger = ledger;
    }

    public ActorSystem System { get; }

    public IActorRef Ledger { get; }

    public static async Task<LedgerSystem> StartAsync(Config config, LedgerSettings settings)
    {
        var system = ActorSystem.Create("ledger-" + Guid.NewGuid().ToString("N")[..8], config.WithFallback("akka.loglevel = WARNING"));
        var ledger = system.ActorOf(LedgerSupervisor.Props(settings), "ledger");
        var running = new LedgerSystem(system, ledger);
        await running.StateAsync();
        return running;
    }

    public Task<LedgerState> StateAsync() => Ledger.Ask<LedgerState>(GetLedgerState.Instance, AskTimeout);

    public Task<LedgerHealth> HealthAsync() => Ledger.Ask<LedgerHealth>(GetLedgerHealth.Instance, AskTimeout);

    public async Task UntilWrittenAsync(long expectedDecisions, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var health = await HealthAsync();
            var state = await StateAsync();
            if (health.PendingEvents == 0 && state.Decisions >= expectedDecisions)
            {
                return;
            }

            Assert.True(deadline.Elapsed < (timeout ?? TimeSpan.FromSeconds(20)), $"ledger still has {health.PendingEvents} pending ({health.Status}: {health.Reason})");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}
