using System.Text;
using System.Text.Json;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Ledger.Tests;

/// <summary>The journaled decision trail that <c>sanctum why</c>/<c>history</c> get back after a restart.</summary>
public sealed class LedgerTrailTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AJournaledSignalReadsBackWithItsProcessRequesterAndLevel()
    {
        var freeze = new SignalDecision(At, new ProcessIdentity(4242, 99), "ollama", 9_000, Signal.Stop, Requester.Valve, Outcome.Applied, "ORANGE: worst candidate", PressureLevel.Orange, At.AddMinutes(30));
        var journaled = Assert.IsType<DecisionRecorded>(LedgerMapping.From(freeze, TimeSpan.FromMinutes(2))[0]);

        var view = LedgerTrail.View(journaled);

        Assert.Equal((At.UtcDateTime, "signal", 4242, 99L, "ollama"), (view.At, view.Kind, view.Pid!.Value, view.Start!.Value, view.Target));
        Assert.Equal(("SIGSTOP", "valve", "applied", "ORANGE: worst candidate", "ORANGE"), (view.Action, view.By, view.Outcome, view.Reason, view.Level));
    }

    [Theory]
    [InlineData("com.sanctum.memory-vault", null, "com.sanctum.memory-vault")]
    [InlineData("", null, null)]
    [InlineData("12-x", null, "12-x")]
    [InlineData("-5", null, "-5")]
    public void ATargetThatIsNotAProcessIsALabel(string target, int? pid, string? shown)
    {
        var view = LedgerTrail.View(new DecisionRecorded(At, "shed", target, "shed", "valve", "applied", "tier 3", "RED"));

        Assert.Equal(pid, view.Pid);
        Assert.Equal(shown, view.Target);
    }

    [Fact]
    public void ADecisionJournaledBeforeTheNameExistedReadsWithNoNameAndAnUnknownLevel()
    {
        const string v1 = """{"At":"2026-04-26T12:00:00+00:00","Kind":"override","Target":"77-5","Action":"SIGCONT","By":"outside","Outcome":"applied","Reason":"resumed from outside the guard","Level":""}""";

        var old = JsonSerializer.Deserialize<DecisionRecorded>(Encoding.UTF8.GetBytes(v1))!;
        var view = LedgerTrail.View(old);

        Assert.Null(old.Name);
        Assert.Equal((77, 5L, (string?)null, "unknown"), (view.Pid!.Value, view.Start!.Value, view.Target, view.Level));
    }

    [Fact]
    public void TheTrailKeepsTheNewestDecisionsAndHandsOverOnlyThoseFromBeforeTheStart()
    {
        var start = At.AddSeconds(LedgerState.RecentKept + 5);
        var state = LedgerState.Empty.ApplyAll(Enumerable.Range(0, LedgerState.RecentKept + 10)
            .Select(i => new DecisionRecorded(At.AddSeconds(i), "signal", $"{i}-1", "SIGSTOP", "valve", "applied", "test", "ORANGE", "sleep")));

        var seed = state.TrailBefore(start);

        Assert.Equal(LedgerState.RecentKept, state.Recent.Count);
        Assert.Equal(10, state.Recent[0].At.Subtract(At).TotalSeconds);
        Assert.Equal(LedgerState.RecentKept - 5, seed.Earlier.Count);
        Assert.All(seed.Earlier, v => Assert.True(v.At < start.UtcDateTime));
        Assert.Equal(seed.Earlier.OrderBy(v => v.At), seed.Earlier);
    }
}
