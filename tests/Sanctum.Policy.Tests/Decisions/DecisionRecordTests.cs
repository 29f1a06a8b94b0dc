using Sanctum.Policy.Classification;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Policy.Tests.Decisions;

/// <summary>Every decision type and the one record the ledger, the client, the replay report and the action log read.</summary>
public sealed class DecisionRecordTests
{
    private static readonly DateTimeOffset At = new(2026, 4, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly ProcessIdentity Ollama = new(4242, 99);
    private static readonly PressureSample Sample = new(At, 812, 4096, 8192, 2, 0);

    /// <summary>One decision of each type, with the record expected of it (specifics aside).</summary>
    private static readonly (Decision Decision, string Common, string? Event, string? Line, string? Fields)[] Table =
    [
        (new SignalDecision(At, Ollama, "ollama", 9_000, Signal.Stop, Requester.Valve, Outcome.Applied, "worst candidate", PressureLevel.Orange, At.AddMinutes(30)),
            "signal|4242-99|SIGSTOP|valve|applied|worst candidate|ORANGE", "freeze",
            "SIGSTOP ollama (pid 4242, start 99) by valve: applied — worst candidate",
            "signal=SIGSTOP,pid=4242,start=99,name=ollama,by=valve,outcome=applied,reason=worst candidate"),
        (new OverrideDecision(At, Ollama, "ollama", "resumed from outside the guard"),
            "override|4242-99|SIGCONT|outside|applied|resumed from outside the guard|", null, null, null),
        (new GoneDecision(At, Ollama, "ollama"),
            "gone|4242-99|gone|||process left the process table|", null, null, null),
        (new LevelChanged(At, PressureLevel.Green, PressureLevel.Orange, new PressureClassification(PressureLevel.Orange, PressureLevel.Orange, PressureLevel.Yellow, 0, false), Sample),
            "level||GREEN -> ORANGE|pressure||available 812 MB, swap 50%, kernel 2|ORANGE", null,
            "level GREEN -> ORANGE (available 812 MB, swap 50%, kernel 2)",
            "level=ORANGE,from=GREEN"),
        (new ShedDecision(At, "com.sanctum.memory-vault", Requester.Valve, Outcome.DryRun, "tier 3", PressureLevel.Red),
            "shed|com.sanctum.memory-vault|shed|valve|dry-run|tier 3|RED", "shed",
            "SHED    com.sanctum.memory-vault by valve: dry-run — tier 3",
            "label=com.sanctum.memory-vault,by=valve,outcome=dry-run,reason=tier 3"),
        (new EvaluationDecision(At, "com.sanctum.memory-vault", false, 12, TimeSpan.FromMinutes(10)),
            "evaluation|com.sanctum.memory-vault|evaluate|valve|ineffective|moved 12 MB; skipped for 10 min|", null,
            "EVAL    com.sanctum.memory-vault: ineffective, moved 12 MB; skipped for 10 min",
            "target=com.sanctum.memory-vault,effective=False,delta-mb=12,skip-seconds=600"),
        (new EscalationDecision(At, "freeze", "kill", "freezing did not help"),
            "escalation||freeze -> kill|valve||freezing did not help|", null,
            "ESCALATE freeze -> kill: freezing did not help",
            "by=valve,from=freeze,to=kill,reason=freezing did not help"),
        (new AlertDecision(At, PressureLevel.Red, "nothing left to try"),
            "alert||alert|valve||nothing left to try|RED", "alert",
            "ALERT   nothing left to try",
            "level=RED,reason=nothing left to try"),
        (new RespawnLoopDecision(At, "com.sanctum.memory-vault", 7),
            "alert|com.sanctum.memory-vault|alert|services||respawn loop: brought back 7 times in an hour; no longer shed|", "alert",
            "ALERT   respawn loop: com.sanctum.memory-vault brought back 7 times in an hour; no longer shed",
            "label=com.sanctum.memory-vault,reason=respawn loop: brought back 7 times in an hour; no longer shed"),
        (new ArmingDecision(At, true, Requester.User),
            "arming||disarm|user|applied|dry-run on: decide and record, send nothing|", null, null, null),
        (new ProbeDecision(At, "lmstudio", false, 2, 3, true, "connection refused"),
            "probe|lmstudio|failed (2/3)|||connection refused|", null,
            "PROBE   lmstudio failed (2/3) — connection refused",
            "service=lmstudio,passed=False,failures=2,of=3,counted=True,reason=connection refused"),
        (new RecoveryDecision(At, "lmstudio", Outcome.Refused, "exit 1"),
            "recovery|lmstudio|recover|sentinel|refused|exit 1|", null,
            "RECOVER lmstudio by sentinel: refused — exit 1",
            "service=lmstudio,by=sentinel,outcome=refused,reason=exit 1"),
    ];

    public static TheoryData<int> Rows => [.. Enumerable.Range(0, Table.Length)];

    [Fact]
    public void EveryDecisionTypeHasARowInTheTable()
    {
        var types = typeof(Decision).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Decision)) && !t.IsAbstract).Select(t => t.Name).Order();

        Assert.Equal(types, Table.Select(r => r.Decision.GetType().Name).Order());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void EachDecisionMapsToItsRecord(int row)
    {
        var (decision, common, @event, line, fields) = Table[row];

        var r = DecisionRecord.Of(decision);

        Assert.Equal(common, $"{r.Kind}|{r.Target}|{r.Action}|{r.By}|{r.Outcome}|{r.Reason}|{r.Level?.ToWire()}");
        Assert.Equal(decision.At, r.At);
        Assert.Equal(@event, r.Event);
        Assert.Equal(line, r.Line);
        Assert.Equal(fields, r.Fields is null ? null : string.Join(",", r.Fields.Select(f => $"{f.Name}={f.Value}")));
    }

    [Fact]
    public void ASignalCarriesItsProcessAndLease()
    {
        var r = DecisionRecord.Of(Table[0].Decision);

        Assert.Equal((Ollama, "ollama", 9_000L, Signal.Stop, At.AddMinutes(30)), (r.Process, r.Name, r.RssMb, r.Signal, r.LeaseUntil));
    }

    [Theory]
    [InlineData(Signal.Stop, "freeze")]
    [InlineData(Signal.Continue, "thaw")]
    [InlineData(Signal.Kill, "kill")]
    public void ASignalsEventIsNamedBySignal(Signal signal, string expected) =>
        Assert.Equal(expected, DecisionRecord.Of(new SignalDecision(At, Ollama, "ollama", 1, signal, Requester.User, Outcome.Refused, "x", PressureLevel.Green)).Event);

    [Fact]
    public void ARecoveryEvaluationHasNoDeltaAndNamesTheNextRecovery()
    {
        var r = DecisionRecord.Of(new EvaluationDecision(At, "lmstudio", true, 0, TimeSpan.FromMinutes(5), OfRecovery: true));

        Assert.Equal("EVAL    lmstudio recovery: effective; next recovery not before 5 min", r.Line);
        Assert.Equal("target,effective,of,skip-seconds", string.Join(",", r.Fields!.Select(f => f.Name)));
        Assert.Equal((true, 0L, TimeSpan.FromMinutes(5), true), (r.Effective!.Value, r.DeltaMb!.Value, r.SkipFor!.Value, r.OfRecovery));
    }

    [Theory]
    [InlineData(true, false, "passed")]
    [InlineData(false, false, "failed, not counted")]
    public void AProbesActionSaysWhetherItPassedAndCounted(bool passed, bool counted, string action) =>
        Assert.Equal(action, DecisionRecord.Of(new ProbeDecision(At, "lmstudio", passed, 0, 3, counted, "r")).Action);

    [Fact]
    public void AuditTimesAreUtcWhateverTheOffset() =>
        Assert.Equal("2026-04-26T10:00:00Z", AuditTime.Format(new DateTimeOffset(2026, 4, 26, 12, 0, 0, TimeSpan.FromHours(2))));
}
