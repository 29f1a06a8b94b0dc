using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Decisions;

/// <summary>The <see cref="DecisionRecord.Kind"/> of each decision, as the ledger, <c>sanctum why</c>/<c>history</c> and the replay report name it.</summary>
public static class DecisionKinds
{
    public const string Signal = "signal";
    public const string Override = "override";
    public const string Gone = "gone";
    public const string Level = "level";
    public const string Shed = "shed";
    public const string Evaluation = "evaluation";
    public const string Escalation = "escalation";
    public const string Alert = "alert";
    public const string Arming = "arming";
    public const string Probe = "probe";
    public const string Recovery = "recovery";
}

/// <summary>The <see cref="DecisionRecord.Event"/> of a remedy or an alert, for hooks (<c>SANCTUM_EVENT</c>) and metrics.</summary>
public static class DecisionEvents
{
    public const string Freeze = "freeze";
    public const string Thaw = "thaw";
    public const string Kill = "kill";
    public const string Shed = "shed";
    public const string Alert = "alert";
}

/// <summary>One field of a decision under its wire name (docs/scenarios.md): a string, a long or a bool.</summary>
public readonly record struct DecisionField(string Name, object Value);

/// <summary>
/// Any <see cref="Decision"/> in one shape, read by everything that shows, journals, logs or forwards decisions.
/// The common fields are what <c>sanctum why</c>/<c>history</c> show; the specifics are set only for the
/// decisions that have them.
/// </summary>
/// <param name="Target">A process identity (<c>pid-start</c>), a service label or probe name, or null for the host as a whole.</param>
/// <param name="Level">The pressure level the decision was taken at, when the decision carries it.</param>
/// <param name="Line">The decision as one readable line (the replay timeline), or null for one a timeline leaves out.</param>
/// <param name="Fields">The decision's fields under their wire names in the replay report's order, or null for one the report leaves out.</param>
public sealed record DecisionRecord(
    DateTimeOffset At,
    string Kind,
    string? Target,
    string Action,
    string? By,
    string? Outcome,
    string Reason,
    PressureLevel? Level,
    string? Line,
    IReadOnlyList<DecisionField>? Fields)
{
    private static readonly string Applied = Decisions.Outcome.Applied.ToWire();

    public ProcessIdentity? Process { get; init; }

    public string? Name { get; init; }

    public long? RssMb { get; init; }

    public Signal? Signal { get; init; }

    /// <summary>A service label shed or in a respawn loop, or a probed service.</summary>
    public string? Label { get; init; }

    /// <summary>For an applied valve freeze: when its lease ends at the latest. For a deferral: when the resume will happen.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }

    public bool? Effective { get; init; }

    public long? DeltaMb { get; init; }

    /// <summary>How long an evaluated target is left alone now; null when it is not.</summary>
    public TimeSpan? SkipFor { get; init; }

    public bool OfRecovery { get; init; }

    /// <summary>The stages or levels of an escalation or a level change.</summary>
    public string? From { get; init; }

    public string? To { get; init; }

    /// <summary>freeze, thaw, kill, shed or alert (<see cref="DecisionEvents"/>); null for a decision that is neither a remedy nor an alert.</summary>
    public string? Event => Kind switch
    {
        DecisionKinds.Signal => Signal switch
        {
            Domain.Signal.Stop => DecisionEvents.Freeze,
            Domain.Signal.Continue => DecisionEvents.Thaw,
            _ => DecisionEvents.Kill,
        },
        DecisionKinds.Shed => DecisionEvents.Shed,
        DecisionKinds.Alert => DecisionEvents.Alert,
        _ => null,
    };

    /// <summary>The one mapping from a decision type to its record; <c>DecisionRecordTests</c> checks it knows every type.</summary>
    public static DecisionRecord Of(Decision decision) => decision switch
    {
        SignalDecision s => new(s.At, DecisionKinds.Signal, s.Target.ToString(), s.Signal.ToWire(), s.By.ToWire(), s.Outcome.ToWire(), s.Reason, s.Level,
            $"{s.Signal.ToWire(),-7} {s.Name} (pid {s.Target.Pid}, start {s.Target.StartTime}) by {s.By.ToWire()}: {s.Outcome.ToWire()} — {s.Reason}",
            [new("signal", s.Signal.ToWire()), new("pid", (long)s.Target.Pid), new("start", s.Target.StartTime), new("name", s.Name),
             new("by", s.By.ToWire()), new("outcome", s.Outcome.ToWire()), new("reason", s.Reason)])
        {
            Process = s.Target,
            Name = s.Name,
            RssMb = s.RssMb,
            Signal = s.Signal,
            LeaseUntil = s.LeaseUntil,
        },
        OverrideDecision o => new(o.At, DecisionKinds.Override, o.Target.ToString(), Domain.Signal.Continue.ToWire(), "outside", Applied, o.Reason, null, null, null)
        {
            Process = o.Target,
            Name = o.Name,
            Signal = Domain.Signal.Continue,
        },
        GoneDecision g => new(g.At, DecisionKinds.Gone, g.Target.ToString(), "gone", null, null, "process left the process table", null, null, null)
        {
            Process = g.Target,
            Name = g.Name,
        },
        LevelChanged l => LevelChange(l),
        ShedDecision s => new(s.At, DecisionKinds.Shed, s.Label, "shed", s.By.ToWire(), s.Outcome.ToWire(), s.Reason, s.Level,
            $"SHED    {s.Label} by {s.By.ToWire()}: {s.Outcome.ToWire()} — {s.Reason}",
            [new("label", s.Label), new("by", s.By.ToWire()), new("outcome", s.Outcome.ToWire()), new("reason", s.Reason)])
        {
            Label = s.Label,
        },
        EvaluationDecision e => Evaluation(e),
        EscalationDecision e => new(e.At, DecisionKinds.Escalation, null, $"{e.From} -> {e.To}", "valve", null, e.Reason, null,
            $"ESCALATE {e.From} -> {e.To}: {e.Reason}",
            [new("by", "valve"), new("from", e.From), new("to", e.To), new("reason", e.Reason)])
        {
            From = e.From,
            To = e.To,
        },
        AlertDecision a => new(a.At, DecisionKinds.Alert, null, "alert", "valve", null, a.Reason, a.Level,
            $"ALERT   {a.Reason}",
            [new("level", a.Level.ToWire()), new("reason", a.Reason)]),
        RespawnLoopDecision r => RespawnLoop(r),
        ArmingDecision a => new(a.At, DecisionKinds.Arming, null, a.DryRun ? "disarm" : "arm", a.By.ToWire(), Applied,
            a.DryRun ? "dry-run on: decide and record, send nothing" : "armed: signals are sent", null, null, null),
        ProbeDecision p => Probe(p),
        RecoveryDecision r => new(r.At, DecisionKinds.Recovery, r.Service, "recover", "sentinel", r.Outcome.ToWire(), r.Reason, null,
            $"RECOVER {r.Service} by sentinel: {r.Outcome.ToWire()} — {r.Reason}",
            [new("service", r.Service), new("by", "sentinel"), new("outcome", r.Outcome.ToWire()), new("reason", r.Reason)])
        {
            Label = r.Service,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision.GetType().Name, "a decision type without a record"),
    };

    private static DecisionRecord LevelChange(LevelChanged l)
    {
        var (from, to) = (l.From.ToWire(), l.To.ToWire());
        var signals = $"available {l.Sample.AvailableMb} MB, swap {l.Sample.SwapPercent:0.#}%, kernel {l.Sample.KernelLevel}";
        return new(l.At, DecisionKinds.Level, null, $"{from} -> {to}", "pressure", null, signals, l.To,
            $"level {from} -> {to} ({signals})",
            [new("level", to), new("from", from)])
        {
            From = from,
            To = to,
        };
    }

    private static DecisionRecord RespawnLoop(RespawnLoopDecision r)
    {
        var loop = $"brought back {r.RespawnsInLastHour} times in an hour; no longer shed";
        return new(r.At, DecisionKinds.Alert, r.Label, "alert", "services", null, $"respawn loop: {loop}", null,
            $"ALERT   respawn loop: {r.Label} {loop}",
            [new("label", r.Label), new("reason", $"respawn loop: {loop}")])
        {
            Label = r.Label,
        };
    }

    private static DecisionRecord Probe(ProbeDecision p)
    {
        var result = p.Passed ? "passed" : p.Counted ? $"failed ({p.Failures}/{p.Of})" : "failed, not counted";
        return new(p.At, DecisionKinds.Probe, p.Service, result, null, null, p.Reason, null,
            $"PROBE   {p.Service} {result} — {p.Reason}",
            [new("service", p.Service), new("passed", p.Passed), new("failures", (long)p.Failures), new("of", (long)p.Of), new("counted", p.Counted), new("reason", p.Reason)])
        {
            Label = p.Service,
        };
    }

    private static DecisionRecord Evaluation(EvaluationDecision e)
    {
        var verdict = e.Effective ? "effective" : "ineffective";
        var minutes = e.SkipFor is { } skip ? $"{skip.TotalMinutes:0} min" : null;
        List<DecisionField> fields = [new("target", e.Target), new("effective", e.Effective), e.OfRecovery ? new("of", "recovery") : new("delta-mb", e.DeltaMb)];
        if (e.SkipFor is { } skipFor)
        {
            fields.Add(new("skip-seconds", (long)skipFor.TotalSeconds));
        }

        return new(e.At, DecisionKinds.Evaluation, e.Target, "evaluate", "valve", verdict,
            $"moved {e.DeltaMb} MB" + (minutes is null ? "" : $"; skipped for {minutes}"), null,
            e.OfRecovery
                ? $"EVAL    {e.Target} recovery: {verdict}" + (minutes is null ? "" : $"; next recovery not before {minutes}")
                : $"EVAL    {e.Target}: {verdict}, moved {e.DeltaMb} MB" + (minutes is null ? "" : $"; skipped for {minutes}"),
            fields)
        {
            Effective = e.Effective,
            DeltaMb = e.DeltaMb,
            SkipFor = e.SkipFor,
            OfRecovery = e.OfRecovery,
        };
    }
}
