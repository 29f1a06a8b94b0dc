using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Replay;
using Xunit;

namespace Sanctum.Actors.Tests.Replay;

/// <summary>The real incidents that shaped the product (scenarios/), replayed through the daemon's own actors.</summary>
public sealed class IncidentScenarioTests
{
    [Fact]
    public void PanicTableFreezesSanctumMlxAndNeverKillsIt()
    {
        var r = Replays.Run("2026-04-19-panic.conf");

        // RED from the first reading: confirmed by the re-read right after the scan, not a tick later.
        var level = Assert.Single(r.Decisions.OfType<LevelChanged>());
        Assert.Equal(PressureLevel.Red, level.To);
        Assert.Equal(0, r.T(level));

        var mlxStop = Assert.Single(r.Applied(9221, Signal.Stop));
        Assert.Empty(r.Applied(9221, Signal.Kill));
        Assert.True(r.T(mlxStop) <= 30, $"sanctum-mlx frozen only at t={r.T(mlxStop)}");

        // The leaked compilers are a leak at RED above their kill floor: killed. MTLCompilerService is not them.
        // A kill keeps the longer confirmation: RED must have lasted confirm.kill-after (5 s) first.
        Assert.All(new[] { 31001, 31002, 31003, 31004 }, pid => Assert.True(r.T(Assert.Single(r.Applied(pid, Signal.Kill))) >= 5));
        Assert.Empty(r.Signals(701));
        Assert.Empty(r.Signals(612));
        Assert.Empty(r.Signals(402));
        Assert.Empty(r.Signals(88));

        // qemu below its 8 GB kill floor at RED is frozen, not killed.
        Assert.Single(r.Applied(4410, Signal.Stop));
        Assert.Empty(r.Applied(4410, Signal.Kill));
        Assert.Equal("T", r.Host.StateOf(new ProcessIdentity(9221, 0)));
    }

    [Fact]
    public void LoadBurstUnderTheFloorIsLeftAloneAndTheShimIsFoundByRegex()
    {
        var r = Replays.Run("2026-04-20-load-burst.conf");

        Assert.Empty(r.Signals(788));
        var shim = Assert.Single(r.Applied(45013, Signal.Stop));
        Assert.Contains("LM Studio node shim", shim.Reason);
        Assert.DoesNotContain(r.Decisions.OfType<LevelChanged>(), l => l.To == PressureLevel.Red);

        // Pressure clears at 8 min: the lease thaws the shim 30 s later.
        var thaw = Assert.Single(r.Applied(45013, Signal.Continue));
        Assert.Equal(Requester.Lease, thaw.By);
        Assert.Equal(8 * 60 + 30, r.T(thaw));
    }

    [Fact]
    public void SigstopLoopHasNoFightOverTheWorkerInTwoHours()
    {
        var r = Replays.Run("2026-04-26-sigstop-loop.conf");
        var worker = r.Signals(23424);

        // The sentinel never resumes it under a lease: every sentinel SIGCONT is deferred, reported once per lease.
        Assert.DoesNotContain(worker, s => s.By == Requester.Sentinel && s.Outcome == Outcome.Applied);
        var stops = r.Applied(23424, Signal.Stop);
        var deferrals = worker.Where(s => s.By == Requester.Sentinel && s.Outcome == Outcome.Deferred).ToArray();
        Assert.Equal(stops.Count, deferrals.Length);

        // Frozen at most once per lease: a thaw (by the lease) sits between any two freezes, and each freeze
        // comes at least a cooldown after the thaw before it.
        var applied = worker.Where(s => s.Outcome == Outcome.Applied).OrderBy(s => s.At).ToArray();
        for (var i = 1; i < applied.Length; i++)
        {
            Assert.NotEqual(applied[i - 1].Signal, applied[i].Signal);
            if (applied[i].Signal == Signal.Stop)
            {
                Assert.True(applied[i].At - applied[i - 1].At >= TimeSpan.FromSeconds(120));
            }
            else
            {
                Assert.Equal(Requester.Lease, applied[i].By);
            }
        }

        Assert.InRange(stops.Count, 1, 4);
    }

    [Fact]
    public void MemoryVaultIsShedAtMostTwiceIneffectivelyThenSkippedAndEscalated()
    {
        var r = Replays.Run("memory-vault-re-shed-loop.conf");
        var evaluations = r.Decisions.OfType<EvaluationDecision>().Where(e => e.Target == "com.sanctum.memory-vault").ToArray();
        var sheds = r.Decisions.OfType<ShedDecision>().Where(s => s.Outcome == Outcome.Applied).ToArray();

        Assert.All(evaluations, e => Assert.False(e.Effective));
        Assert.All(evaluations, e => Assert.Equal(50, e.DeltaMb));
        Assert.Null(evaluations[0].SkipFor);
        Assert.Equal(TimeSpan.FromMinutes(30), evaluations[1].SkipFor);

        // Never a third ineffective shed in a row without a skip; each later failure skips it for longer.
        Assert.All(evaluations.Skip(1), e => Assert.NotNull(e.SkipFor));
        var windows = evaluations.Skip(1).Select(e => e.SkipFor!.Value).ToArray();
        Assert.True(windows.Zip(windows.Skip(1)).All(w => w.Second > w.First), string.Join(", ", windows));

        // No shed while the label is skipped.
        foreach (var (evaluation, window) in evaluations.Skip(1).Select(e => (e, e.SkipFor!.Value)))
        {
            Assert.DoesNotContain(sheds, s => s.At > evaluation.At && s.At < evaluation.At + window);
        }

        Assert.Contains(r.Decisions.OfType<EscalationDecision>(), e => e.From == "shed-tier2");
        Assert.NotEmpty(r.Decisions.OfType<AlertDecision>());
        Assert.InRange(sheds.Length, 2, 4);
    }

    [Fact]
    public void ARespawnLoopStopsTheShedsAndIsReported()
    {
        var r = Replays.Run("respawn-loop.conf");

        var loop = Assert.Single(r.Decisions.OfType<RespawnLoopDecision>());
        Assert.Equal("com.sanctum.reranker", loop.Label);
        Assert.Equal(4, loop.RespawnsInLastHour);
        Assert.DoesNotContain(r.Decisions.OfType<ShedDecision>(), s => s.At > loop.At && s.Outcome == Outcome.Applied);
        Assert.Contains(r.Decisions.OfType<AlertDecision>(), a => a.At > loop.At && a.Reason.Contains("respawn loop"));
    }

    [Fact]
    public void AReusedPidIsNeverSignalled()
    {
        var r = Replays.Run("pid-reuse.conf");

        var stop = Assert.Single(r.Decisions.OfType<SignalDecision>(), s => s.Outcome == Outcome.Applied);
        Assert.Equal(new ProcessIdentity(4242, 100), stop.Target);
        Assert.DoesNotContain(r.Decisions.OfType<SignalDecision>(), s => s.Target == new ProcessIdentity(4242, 170));
        Assert.Equal("T", r.Host.StateOf(new ProcessIdentity(4242, 170)));
    }

    [Fact]
    public void AOneSampleSpikeDoesNothing()
    {
        var r = Replays.Run("one-sample-spike.conf");

        Assert.Empty(r.Decisions.OfType<LevelChanged>());
        Assert.Empty(r.Decisions.OfType<SignalDecision>());
        Assert.Empty(r.Decisions.OfType<ShedDecision>());
    }

    [Fact]
    public void EveryShippedScenarioReplaysTheSameTwice()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "scenarios"), "*.conf"))
        {
            var first = ReplayReport.JsonLines(Replays.Run(Path.GetFileName(file))).ToArray();
            var second = ReplayReport.JsonLines(Replays.Run(Path.GetFileName(file))).ToArray();

            Assert.Equal(first, second);
            Assert.StartsWith("{\"t\":", first[^1]);
            Assert.Contains("\"kind\":\"summary\"", first[^1]);
        }
    }
}
