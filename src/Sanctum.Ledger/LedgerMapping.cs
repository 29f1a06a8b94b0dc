using Sanctum.Actors.Valve;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Ledger;

/// <summary>
/// Turns a published decision into the ledger events it implies. Stateless: a close for an identity with
/// no open tombstone is harmless, so no lookup is needed here.
/// </summary>
public static class LedgerMapping
{
    /// <param name="cooldown">The valve's cooldown (<c>valve.cooldown</c>), started by every applied valve action.</param>
    public static IReadOnlyList<ILedgerEvent> From(Decision decision, TimeSpan cooldown)
    {
        switch (decision)
        {
            case SignalDecision s:
                {
                    var target = s.Target.ToString();
                    var events = new List<ILedgerEvent>(3)
                {
                    new DecisionRecorded(s.At, "signal", target, s.Signal.ToWire(), s.By.ToWire(), s.Outcome.ToWire(), s.Reason, s.Level.ToWire(), s.Name),
                };
                    if (s.Outcome != Outcome.Applied)
                    {
                        return events;
                    }

                    if (s.Signal == Signal.Stop && s.By == Requester.Valve)
                    {
                        events.Add(new FreezeOpened(s.At, s.Target.Pid, s.Target.StartTime, s.Name, s.By.ToWire(), s.Reason, s.LeaseUntil ?? s.At));
                    }
                    else if (s.Signal != Signal.Stop)
                    {
                        events.Add(new FreezeClosed(s.At, s.Target.Pid, s.Target.StartTime, s.By.ToWire(), $"{s.Signal.ToWire()}: {s.Reason}"));
                    }

                    if (s.By == Requester.Valve && s.Signal != Signal.Continue)
                    {
                        events.Add(new CooldownStarted(s.At, target, s.Signal.ToWire(), s.At + cooldown));
                    }

                    return events;
                }

            case ShedDecision s:
                return s.Outcome == Outcome.Applied
                    ?
                    [
                        Record(s.At, "shed", s.Label, "shed", s.By.ToWire(), s.Outcome.ToWire(), s.Reason, s.Level),
                        new CooldownStarted(s.At, s.Label, "shed", s.At + cooldown),
                    ]
                    : [Record(s.At, "shed", s.Label, "shed", s.By.ToWire(), s.Outcome.ToWire(), s.Reason, s.Level)];
            case EvaluationDecision e:
                return [new EvaluationRecorded(e.At, e.Target, e.Effective, e.DeltaMb, e.SkipFor is { } skip ? e.At + skip : null)];
            case OverrideDecision o:
                return
                [
                    new DecisionRecorded(o.At, "override", o.Target.ToString(), "SIGCONT", "outside", "applied", o.Reason, "", o.Name),
                    new FreezeClosed(o.At, o.Target.Pid, o.Target.StartTime, "outside", o.Reason),
                ];
            case GoneDecision g:
                return [new FreezeClosed(g.At, g.Target.Pid, g.Target.StartTime, "gone", "process left the process table")];
            case LevelChanged l:
                return [Record(l.At, "level", "", l.To.ToWire(), "pressure", "applied", $"{l.From.ToWire()} -> {l.To.ToWire()}", l.To)];
            case EscalationDecision e:
                return [new DecisionRecorded(e.At, "escalation", "", e.To, "valve", "applied", $"{e.From} -> {e.To}: {e.Reason}", "")];
            case AlertDecision a:
                return [Record(a.At, "alert", "", "alert", "valve", "applied", a.Reason, a.Level)];
            case RespawnLoopDecision r:
                return [new DecisionRecorded(r.At, "respawn-loop", r.Label, "alert", "services", "applied", $"respawned {r.RespawnsInLastHour} times in an hour", "")];
            case ArmingDecision a:
                return [new DecisionRecorded(a.At, "arming", "", a.DryRun ? "dry-run" : "armed", a.By.ToWire(), "applied", "", "")];
            default:
                return [new DecisionRecorded(decision.At, decision.GetType().Name, "", "", "", "", decision.ToString(), "")];
        }
    }

    private static DecisionRecorded Record(DateTimeOffset at, string kind, string target, string action, string by, string outcome, string reason, PressureLevel level) =>
        new(at, kind, target, action, by, outcome, reason, level.ToWire());
}
