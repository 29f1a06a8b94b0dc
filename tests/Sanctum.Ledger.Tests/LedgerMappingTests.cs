using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Ledger.Tests;

/// <summary>What each decision journals: the events a restart folds back into tombstones, markers and cooldowns.</summary>
public sealed class LedgerMappingTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Cooldown = TimeSpan.FromMinutes(2);
    private static readonly ProcessIdentity Ollama = new(4242, 99);

    private static SignalDecision Signalled(Signal signal, Requester by, Outcome outcome = Outcome.Applied) =>
        new(At, Ollama, "ollama", 9_000, signal, by, outcome, "why", PressureLevel.Orange, At.AddMinutes(30));

    [Fact]
    public void AnAppliedValveFreezeOpensATombstoneAndStartsACooldown() =>
        Assert.Equal(
            [
                new DecisionRecorded(At, "signal", "4242-99", "SIGSTOP", "valve", "applied", "why", "ORANGE", "ollama"),
                new FreezeOpened(At, 4242, 99, "ollama", "valve", "why", At.AddMinutes(30)),
                new CooldownStarted(At, "4242-99", "SIGSTOP", At + Cooldown),
            ],
            LedgerMapping.From(Signalled(Signal.Stop, Requester.Valve), Cooldown));

    [Fact]
    public void AnAppliedThawClosesTheTombstoneWithoutACooldown() =>
        Assert.Equal(
            [
                new DecisionRecorded(At, "signal", "4242-99", "SIGCONT", "lease", "applied", "why", "ORANGE", "ollama"),
                new FreezeClosed(At, 4242, 99, "lease", "SIGCONT: why"),
            ],
            LedgerMapping.From(Signalled(Signal.Continue, Requester.Lease), Cooldown));

    [Fact]
    public void ARefusalIsOnlyRecorded() =>
        Assert.Single(LedgerMapping.From(Signalled(Signal.Kill, Requester.Valve, Outcome.Refused), Cooldown));

    [Fact]
    public void AnOverrideClosesTheTombstoneAsFromOutside() =>
        Assert.Equal(
            [
                new DecisionRecorded(At, "override", "4242-99", "SIGCONT", "outside", "applied", "resumed", "", "ollama"),
                new FreezeClosed(At, 4242, 99, "outside", "resumed"),
            ],
            LedgerMapping.From(new OverrideDecision(At, Ollama, "ollama", "resumed"), Cooldown));

    [Fact]
    public void AGoneProcessOnlyClosesItsTombstone() =>
        Assert.Equal(
            [new FreezeClosed(At, 4242, 99, "gone", "process left the process table")],
            LedgerMapping.From(new GoneDecision(At, Ollama, "ollama"), Cooldown));

    [Fact]
    public void AnAppliedShedStartsItsCooldown() =>
        Assert.Equal(
            [
                new DecisionRecorded(At, "shed", "vault", "shed", "valve", "applied", "tier 3", "RED"),
                new CooldownStarted(At, "vault", "shed", At + Cooldown),
            ],
            LedgerMapping.From(new ShedDecision(At, "vault", Requester.Valve, Outcome.Applied, "tier 3", PressureLevel.Red), Cooldown));

    [Fact]
    public void AnEvaluationIsAMarkerThatTheLedgerJudgesAsTheValveDoes()
    {
        var events = LedgerMapping.From(new EvaluationDecision(At, "vault", false, 12, TimeSpan.FromMinutes(10)), Cooldown);

        Assert.Equal([new EvaluationRecorded(At, "vault", false, 12, At.AddMinutes(10))], events);
        Assert.Equal(new Marker("vault", 1, 1, At.AddMinutes(10)), LedgerState.Empty.ApplyAll(events).Markers["vault"]);
    }
}
