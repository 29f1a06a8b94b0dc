using System.Diagnostics;
using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Os;
using Sanctum.Os.Linux;
using Sanctum.Policy.Domain;
using Sanctum.Ports;
using Sanctum.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Ledger.Tests;

/// <summary>The deadman against real <c>sleep</c> children stopped through the real signal port; children are always killed.</summary>
public sealed class DeadmanTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _dir = Fixtures.NewDataDir();
    private readonly LinuxSignalPort _signals = new(new HashSet<int>());

    public DeadmanTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Fixtures.Delete(_dir);

    private static HostPorts Ports => OsPorts.ForThisHost(new OsPortsOptions(new HashSet<int> { Environment.ProcessId }));

    /// <summary>SIGSTOPs each child for real and journals the freeze through a running ledger, as the daemon would.</summary>
    private async Task FreezeThroughTheLedgerAsync(params (SleepChild Child, long Start)[] frozen)
    {
        await using var daemon = await LedgerSystem.StartAsync(Fixtures.SqliteConfig(_dir), Fixtures.Settings());
        foreach (var (child, start) in frozen)
        {
            Assert.Equal(Delivery.Delivered, _signals.Send(child.Identity, Signal.Stop));
            Assert.True(Poll.Until(() => child.State == 'T'), "child never stopped");
            daemon.System.EventStream.Publish(Fixtures.Signalled(DateTimeOffset.UtcNow, child.Identity with { StartTime = start }, Signal.Stop, name: "sleep"));
        }

        await daemon.UntilWrittenAsync(expectedDecisions: frozen.Length);
    }

    [LinuxFact]
    public async Task AStaleHeartbeatThawsEveryTombstonedProcessOnceAndTheDaemonLearnsOfIt()
    {
        using var a = new SleepChild();
        using var b = new SleepChild();
        await FreezeThroughTheLedgerAsync((a, a.Identity.StartTime), (b, b.Identity.StartTime));
        Fixtures.WriteHeartbeat(_dir, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5));

        var clock = Stopwatch.StartNew();
        var report = await Deadman.RunAsync(_dir, Fixtures.Defaults, Ports, () => DateTimeOffset.UtcNow);
        Assert.True(Poll.Until(() => a.State == 'S' && b.State == 'S'), $"states {a.State} {b.State}");
        _output.WriteLine($"deadman start to both children running: {clock.ElapsedMilliseconds} ms (ActorSystem start, ledger read, signals, own journal write)");

        Assert.True(report.Stale);
        Assert.Null(report.Problem);
        Assert.Equal([DeadmanResults.Thawed, DeadmanResults.Thawed], report.Actions.Select(x => x.Result));

        // The next run finds its own record and leaves the processes alone (a person may have stopped them since).
        Assert.Equal(Delivery.Delivered, _signals.Send(a.Identity, Signal.Stop));
        Assert.True(Poll.Until(() => a.State == 'T'));
        var again = await Deadman.RunAsync(_dir, Fixtures.Defaults, Ports, () => DateTimeOffset.UtcNow);
        Assert.Empty(again.Actions);
        Assert.Equal('T', a.State);

        // A restarted daemon reads the deadman's record and closes both tombstones without touching anything.
        await using var daemon = await LedgerSystem.StartAsync(Fixtures.SqliteConfig(_dir), Fixtures.Settings());
        var inbox = Inbox.Create(daemon.System);
        var registry = Inbox.Create(daemon.System);
        var scanner = daemon.System.ActorOf(ProcessScanner.Props(Ports.Processes, registry.Receiver, []));
        scanner.Tell(ScanProcesses.Instance);
        daemon.System.ActorOf(ReconcilerActor.Props(daemon.Ledger, registry.Receiver, scanner, inbox.Receiver));
        var done = (ReconcileDone)await inbox.ReceiveAsync(TimeSpan.FromSeconds(20));
        Assert.All(done.Outcomes, o => Assert.Contains("thawed by the deadman", o.Step.Why));
        Assert.Equal(2, done.Outcomes.Count);
        Assert.True(Poll.Until(() => daemon.StateAsync().GetAwaiter().GetResult().Open.IsEmpty));
        Assert.Equal('T', a.State);
    }

    [LinuxFact]
    public async Task AFreshHeartbeatThawsNothing()
    {
        using var a = new SleepChild();
        await FreezeThroughTheLedgerAsync((a, a.Identity.StartTime));
        Fixtures.WriteHeartbeat(_dir, DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5));

        var report = await Deadman.RunAsync(_dir, Fixtures.Defaults, Ports, () => DateTimeOffset.UtcNow);

        Assert.False(report.Stale);
        Assert.Empty(report.Actions);
        Assert.Equal('T', a.State);
    }

    [LinuxFact]
    public async Task ATombstoneWhoseStartTimeDoesNotMatchIsNeverSignalled()
    {
        using var a = new SleepChild();
        await FreezeThroughTheLedgerAsync((a, a.Identity.StartTime + 1));

        // No heartbeat at all counts as stale.
        var report = await Deadman.RunAsync(_dir, Fixtures.Defaults, Ports, () => DateTimeOffset.UtcNow);

        Assert.True(report.Stale);
        Assert.Equal(DeadmanResults.Gone, Assert.Single(report.Actions).Result);
        Assert.Equal('T', a.State);
    }

    [LinuxFact]
    public async Task AFreezeWrittenDownButNeverJournaledIsThawedOnceAndARunningOneIsLeftAlone()
    {
        using var stopped = new SleepChild();
        using var running = new SleepChild();
        await FreezeThroughTheLedgerAsync();
        using (var holds = HoldFile.Open(_dir))
        {
            Assert.Null(holds.Record(stopped.Identity, DateTimeOffset.UtcNow));
            Assert.Null(holds.Record(running.Identity, DateTimeOffset.UtcNow));
        }

        Assert.Equal(Delivery.Delivered, _signals.Send(stopped.Identity, Signal.Stop));
        Assert.True(Poll.Until(() => stopped.State == 'T'));

        var report = await Deadman.RunAsync(_dir, Fixtures.Defaults, Ports, () => DateTimeOffset.UtcNow);

        Assert.Null(report.Problem);
        var action = Assert.Single(report.Actions);
        Assert.Equal((stopped.Identity.Pid, DeadmanResults.Thawed), (action.Pid, action.Result));
        Assert.Contains("never journaled", action.Frozen);
        Assert.True(Poll.Until(() => stopped.State == 'S'), $"state {stopped.State}");

        Assert.Equal(Delivery.Delivered, _signals.Send(stopped.Identity, Signal.Stop));
        Assert.True(Poll.Until(() => stopped.State == 'T'));
        Assert.Empty((await Deadman.RunAsync(_dir, Fixtures.Defaults, Ports, () => DateTimeOffset.UtcNow)).Actions);
        Assert.Equal('T', stopped.State);
    }

    [LinuxFact]
    public async Task AStaleHeartbeatFromADaemonThatStillHoldsTheDataFolderThawsNothing()
    {
        using var a = new SleepChild();
        await FreezeThroughTheLedgerAsync((a, a.Identity.StartTime));
        Fixtures.WriteHeartbeat(_dir, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5));
        using var daemon = DataDirLock.Acquire(_dir);

        var report = await Deadman.RunAsync(_dir, Fixtures.Defaults, Ports, () => DateTimeOffset.UtcNow);

        Assert.Equal((DeadmanVerdicts.Held, false), (report.Verdict, report.Stale));
        Assert.Empty(report.Actions);
        Assert.Equal('T', a.State);
    }

    [LinuxFact]
    public async Task AFreshHeartbeatThatSaysStalledIsADeadGuardEvenWhileItHoldsTheDataFolder()
    {
        using var a = new SleepChild();
        await FreezeThroughTheLedgerAsync((a, a.Identity.StartTime));
        var now = DateTimeOffset.UtcNow;
        WriteBeat(now - TimeSpan.FromSeconds(2), "stalled", now - TimeSpan.FromMinutes(3));
        using var daemon = DataDirLock.Acquire(_dir);

        var report = await Deadman.RunAsync(_dir, Fixtures.Defaults, Ports, () => DateTimeOffset.UtcNow);

        Assert.Equal((DeadmanVerdicts.Stalled, true), (report.Verdict, report.Stale));
        Assert.Equal(DeadmanResults.Thawed, Assert.Single(report.Actions).Result);
        Assert.True(Poll.Until(() => a.State == 'S'), $"state {a.State}");
    }

    [LinuxFact]
    public async Task WhileTheDeadmanThawsNoDaemonCanTakeTheDataFolder()
    {
        using var a = new SleepChild();
        await FreezeThroughTheLedgerAsync((a, a.Identity.StartTime));
        Fixtures.WriteHeartbeat(_dir, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5));
        var clock = 0;

        var report = await Deadman.RunAsync(_dir, Fixtures.Defaults, Ports, () =>
        {
            // The clock is read again for each thaw and once at the start; at the start the lock is not taken yet.
            if (clock++ == 0)
            {
                return DateTimeOffset.UtcNow;
            }

            Assert.Throws<DataDirLockedException>(() => DataDirLock.Acquire(_dir));
            return DateTimeOffset.UtcNow;
        });

        Assert.Equal((DeadmanVerdicts.Silent, 2), (report.Verdict, clock));
        Assert.Equal(DeadmanResults.Thawed, Assert.Single(report.Actions).Result);
        DataDirLock.Acquire(_dir).Dispose();
    }

    [Theory]
    [InlineData(2, null, false, false, DeadmanVerdicts.Alive)]
    [InlineData(2, null, false, true, DeadmanVerdicts.Alive)]
    [InlineData(90, null, false, false, DeadmanVerdicts.Silent)]
    [InlineData(90, null, false, true, DeadmanVerdicts.Held)]
    [InlineData(2, 30, true, true, DeadmanVerdicts.Alive)]
    [InlineData(2, 90, false, true, DeadmanVerdicts.Alive)]
    [InlineData(2, 90, true, true, DeadmanVerdicts.Stalled)]
    [InlineData(2, 90, true, false, DeadmanVerdicts.Stalled)]
    [InlineData(90, 200, true, true, DeadmanVerdicts.Held)]
    public void TheVerdictFollowsTheBeatTheProgressAndTheLock(int beatAgeSeconds, int? readingAgeSeconds, bool saysStalled, bool daemonHoldsLock, string verdict)
    {
        var now = DateTimeOffset.UtcNow;
        var beat = new HeartbeatBeat(now.AddSeconds(-beatAgeSeconds), readingAgeSeconds is { } r ? now.AddSeconds(-r) : null, saysStalled);

        Assert.Equal(verdict, Deadman.Judge(now, beat, daemonHoldsLock, TimeSpan.FromSeconds(60)));
    }

    private void WriteBeat(DateTimeOffset time, string state, DateTimeOffset lastReading) =>
        File.WriteAllText(Path.Combine(_dir, Heartbeat.FileName), $$$"""{"time":"{{{Iso(time)}}}","progress":{"state":"{{{state}}}","readings":4,"last_reading_at":"{{{Iso(lastReading)}}}","stall_after_seconds":15}}""");

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}
