using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.TestKit;
using Microsoft.Data.Sqlite;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Replay;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Ledger.Tests;

/// <summary>A journal that fails or rejects writes never stops the guard; the ledger degrades, retries and recovers.</summary>
public sealed class FailingJournalTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly ProcessIdentity Worker = new(23424, 0);
    private readonly ITestJournal _journal;

    public FailingJournalTests(ITestOutputHelper output)
        : base(ConfigurationFactory.FromResource<TestJournal>("Akka.Persistence.TestKit.config.conf").WithFallback(Fixtures.InMemoryConfig()), output: output)
        => _journal = TestJournal.FromRef(Persistence.Instance.Apply(Sys).JournalFor(null));

    private async Task<(IActorRef Ledger, IActorRef Owner, SimulatedHost Host)> StartAsync()
    {
        var host = new SimulatedHost(
            new Scenario("faults", TimeSpan.FromHours(1), 65_536, 32_768, [new ScenarioProcess(Worker.Pid, 0, "node", "node", 5_000, "S", TimeSpan.Zero, null, 5_000)], [], [], []),
            () => DateTimeOffset.UtcNow);
        var ledger = Sys.ActorOf(LedgerSupervisor.Props(Fixtures.Settings()), "ledger");
        await ledger.Ask<LedgerState>(GetLedgerState.Instance, TimeSpan.FromSeconds(10));
        var owner = Sys.ActorOf(ProcessActor.Props(OwnerState.Create(host.Read().Rows.Single(), new OwnerTraits(null, false, true)), new ArbiterSettings(TimeSpan.FromSeconds(1), LeaseOptions.Default), host));
        return (ledger, owner, host);
    }

    private async Task<LedgerHealth> HealthAsync(IActorRef ledger) => await ledger.Ask<LedgerHealth>(GetLedgerHealth.Instance, TimeSpan.FromSeconds(5));

    private async Task KeepsSignallingWhileDegradedAsync(Func<Task> breakJournal, string reason)
    {
        var (ledger, owner, host) = await StartAsync();
        await breakJournal();

        owner.Tell(new Freeze(Requester.Valve, "ORANGE: worst candidate", PressureLevel.Orange, DryRun: false), TestActor);
        ExpectMsg<Applied>();
        Assert.Equal("T", host.StateOf(Worker));
        await AwaitAssertAsync(async () =>
        {
            var health = await HealthAsync(ledger);
            Assert.Equal(LedgerStatus.Degraded, health.Status);
            Assert.Contains(reason, health.Reason);
        }, TimeSpan.FromSeconds(10));

        owner.Tell(new Resume(Requester.User, "sanctum thaw", PressureLevel.Orange, DryRun: false), TestActor);
        ExpectMsg<Applied>();
        Assert.Equal("S", host.StateOf(Worker));
        Assert.True((await HealthAsync(ledger)).PendingEvents >= 2);

        await _journal.OnWrite.Pass();
        await AwaitAssertAsync(async () =>
        {
            var health = await HealthAsync(ledger);
            Assert.Equal((LedgerStatus.Ok, 0), (health.Status, health.PendingEvents));
        }, TimeSpan.FromSeconds(10));

        // Nothing was lost: a fresh writer recovers both decisions from the journal.
        Watch(ledger);
        Sys.Stop(ledger);
        ExpectTerminated(ledger);
        var again = Sys.ActorOf(LedgerSupervisor.Props(Fixtures.Settings()), "ledger-again");
        var state = await again.Ask<LedgerState>(GetLedgerState.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(2, state.Decisions);
        Assert.Empty(state.Open);
    }

    [Fact]
    public Task Failed_writes_keep_the_owners_signalling_and_health_recovers() =>
        KeepsSignallingWhileDegradedAsync(() => _journal.OnWrite.Fail(), "failed");

    [Fact]
    public Task Rejected_writes_keep_the_owners_signalling_and_health_recovers() =>
        KeepsSignallingWhileDegradedAsync(() => _journal.OnWrite.Reject(), "rejected");

    [Fact]
    public async Task A_batch_rejected_again_on_its_retry_is_retried_until_written()
    {
        var (ledger, owner, _) = await StartAsync();
        await _journal.OnWrite.Reject();

        // The freeze's three events are rejected on the first write and again on its retry.
        EventFilter.Error(contains: "Rejected to persist event").Expect(6, TimeSpan.FromSeconds(10), () =>
        {
            owner.Tell(new Freeze(Requester.Valve, "ORANGE: worst candidate", PressureLevel.Orange, DryRun: false), TestActor);
            ExpectMsg<Applied>();
        });

        await _journal.OnWrite.Pass();
        await AwaitAssertAsync(async () =>
        {
            var health = await HealthAsync(ledger);
            Assert.Equal((LedgerStatus.Ok, 0), (health.Status, health.PendingEvents));
        }, TimeSpan.FromSeconds(10));
    }
}

/// <summary>An unusable database or a taken data folder at start: a clear message, and the guard still runs.</summary>
public sealed class StartupFaultTests : IDisposable
{
    private readonly string _dir = Fixtures.NewDataDir();

    public void Dispose() => Fixtures.Delete(_dir);

    [Fact]
    public async Task ACorruptDatabaseIsReportedAndAnInMemoryJournalStandsIn()
    {
        await File.WriteAllBytesAsync(Path.Combine(_dir, LedgerSetup.FileName), Enumerable.Range(0, 8192).Select(i => (byte)(i * 7919 % 251)).ToArray());

        var db = LedgerSetup.Prepare(Fixtures.Sqlite, _dir);

        Assert.False(db.Usable);
        Assert.Contains("is not a SQLite database", db.Problem);
        await using var guard = await LedgerSystem.StartAsync(LedgerSetup.Hocon(db), Fixtures.Settings() with { FallbackReason = db.Problem });
        guard.System.EventStream.Publish(Fixtures.Signalled(DateTimeOffset.UtcNow, new ProcessIdentity(7, 7), Signal.Stop));
        await guard.UntilWrittenAsync(expectedDecisions: 1);
        var health = await guard.HealthAsync();
        Assert.Equal(LedgerStatus.Degraded, health.Status);
        Assert.Contains("in-memory journal", health.Reason);
        Assert.Single((await guard.StateAsync()).Open);
    }

    [Fact]
    public void ADatabaseLockedByAnotherProcessIsReported()
    {
        var file = Path.Combine(_dir, LedgerSetup.FileName);
        Assert.True(LedgerSetup.Prepare(Fixtures.Sqlite, _dir).Usable);
        using var holder = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        holder.Open();
        using (var command = holder.CreateCommand())
        {
            command.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;";
            command.ExecuteNonQuery();
        }

        var db = LedgerSetup.Prepare(Fixtures.Sqlite, _dir);

        Assert.False(db.Usable);
        Assert.Contains("is locked by another process", db.Problem);
    }

    [Fact]
    public void ASecondDaemonOnTheSameDataFolderIsRefusedClearly()
    {
        using (var first = DataDirLock.Acquire(_dir))
        {
            var second = Assert.Throws<DataDirLockedException>(() => DataDirLock.Acquire(_dir));
            Assert.Contains("another sanctumd already owns the data folder", second.Message);
            Assert.Contains("--data-dir", second.Message);
        }

        using var afterwards = DataDirLock.Acquire(_dir);
        Assert.Equal(Path.Combine(_dir, DataDirLock.FileName), afterwards.Path);
    }
}
