using Sanctum.Policy.Effectiveness;
using Xunit;

namespace Sanctum.Policy.Tests.Policy;

public sealed class ShedEffectivenessTests
{
    private const string Vault = "com.sanctum.memory-vault";
    private static readonly DateTimeOffset T0 = new(2026, 4, 27, 20, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(120);

    private static ShedEffectiveness Fresh()
    {
        var shed = Defaults.Valve.Shed;
        return ShedEffectiveness.Create(shed.DeltaMb, shed.MaxFailStreak, shed.SkipWindow);
    }

    /// <summary>One shed at <paramref name="at"/> with 27 GB of swap used, judged at its deadline after moving swap by <paramref name="reliefMb"/>.</summary>
    private static (ShedEffectiveness, EvaluationResult) Shed(ShedEffectiveness state, DateTimeOffset at, long reliefMb)
    {
        var before = new PressureReading(27_000, 3_000);
        state = state.Record(Vault, before, at + Cooldown);
        var (next, results) = state.Evaluate(at + Cooldown, new PressureReading(before.SwapUsedMb - reliefMb, before.AvailableMb));
        return (next, Assert.Single(results));
    }

    [Fact]
    public void PendingEvaluationsOnlyFireWhenDue()
    {
        var state = Fresh().Record(Vault, new PressureReading(27_000, 3_000), T0 + Cooldown);

        var (early, none) = state.Evaluate(T0 + Cooldown - TimeSpan.FromSeconds(1), new PressureReading(26_950, 3_000));
        var (_, due) = early.Evaluate(T0 + Cooldown, new PressureReading(26_950, 3_000));

        Assert.Empty(none);
        Assert.Single(early.Pending);
        var result = Assert.Single(due);
        Assert.False(result.Effective);
        Assert.Equal(50, result.DeltaMb);
    }

    [Fact]
    public void EffectiveShedClearsStreak()
    {
        var (state, first) = Shed(Fresh(), T0, reliefMb: 50);
        var (cleared, second) = Shed(state, T0.AddMinutes(15), reliefMb: 2_000);

        Assert.Equal(1, first.FailStreak);
        Assert.True(second.Effective);
        Assert.Equal(0, cleared.Targets[Vault].FailStreak);
        Assert.False(cleared.IsIneffective(Vault, T0.AddMinutes(20)));
    }

    [Fact]
    public void TwoIneffectiveShedsSkipLabel()
    {
        var (state, first) = Shed(Fresh(), T0, reliefMb: 50);
        Assert.Null(first.SkipFor);
        Assert.False(state.IsIneffective(Vault, T0.AddMinutes(5)));

        var at = T0.AddMinutes(15);
        (state, var second) = Shed(state, at, reliefMb: 50);

        Assert.Equal(TimeSpan.FromMinutes(30), second.SkipFor);
        Assert.True(state.IsIneffective(Vault, at + Cooldown + TimeSpan.FromMinutes(29)));
    }

    [Fact]
    public void IneffectiveMarkerDecaysAfterWindow()
    {
        var (state, _) = Shed(Fresh(), T0, reliefMb: 50);
        (state, _) = Shed(state, T0.AddMinutes(15), reliefMb: 50);
        var skipEnds = T0.AddMinutes(15) + Cooldown + TimeSpan.FromMinutes(30);

        Assert.True(state.IsIneffective(Vault, skipEnds.AddSeconds(-1)));
        Assert.False(state.IsIneffective(Vault, skipEnds));

        // Reconsidered, on probation: one more ineffective shed skips it again, for twice as long.
        var (after, result) = Shed(state, skipEnds, reliefMb: 50);
        Assert.Equal(1, result.FailStreak);
        Assert.Equal(TimeSpan.FromMinutes(60), result.SkipFor);
        Assert.True(after.IsIneffective(Vault, skipEnds + Cooldown));
    }

    [Fact]
    public void SnapshotListsActiveSkips()
    {
        var (state, _) = Shed(Fresh(), T0, reliefMb: 50);
        Assert.Empty(state.ActiveSkips(T0.AddMinutes(3)));

        var at = T0.AddMinutes(15);
        (state, _) = Shed(state, at, reliefMb: 50);

        var skip = Assert.Single(state.ActiveSkips(at + Cooldown + TimeSpan.FromMinutes(10)));
        Assert.Equal(Vault, skip.Target);
        Assert.Equal(20 * 60, skip.SecondsRemaining);
    }

    [Fact]
    public void ATargetThatFailsAgainIsSkippedLongerEachTime()
    {
        var state = Fresh();
        var at = T0;
        var windows = new List<TimeSpan?>();
        (state, _) = Shed(state, at, reliefMb: 10);
        at += TimeSpan.FromMinutes(5);
        for (var round = 0; round < 5; round++)
        {
            (state, var result) = Shed(state, at, reliefMb: 10);
            windows.Add(result.SkipFor);
            at += Cooldown + result.SkipFor!.Value;
        }

        Assert.Equal([30, 60, 120, 240, 240], windows.Select(w => w!.Value.TotalMinutes));
    }

    [Fact]
    public void AnEffectiveShedEndsProbation()
    {
        var (state, _) = Shed(Fresh(), T0, reliefMb: 50);
        (state, _) = Shed(state, T0.AddMinutes(15), reliefMb: 50);
        var skipEnds = T0.AddMinutes(15) + Cooldown + TimeSpan.FromMinutes(30);
        (state, var effective) = Shed(state, skipEnds, reliefMb: 500);
        (_, var next) = Shed(state, skipEnds.AddMinutes(10), reliefMb: 50);

        Assert.True(effective.Effective);
        Assert.Null(next.SkipFor);
    }

    [Fact]
    public void ARiseInAvailableMemoryCountsAsRelief()
    {
        var state = Fresh().Record(Vault, new PressureReading(27_000, 3_000), T0);

        var (_, results) = state.Evaluate(T0, new PressureReading(27_000, 3_500));

        Assert.True(Assert.Single(results).Effective);
    }
}
