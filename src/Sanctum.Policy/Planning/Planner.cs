using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;

namespace Sanctum.Policy.Planning;

/// <summary>How far down the remedy ladder a plan went; larger is a stronger remedy.</summary>
public enum RemedyStage
{
    Observe = 0,
    Freeze = 1,
    Kill = 2,
    ShedTier3 = 3,
    ShedTier2 = 4,
    KillEscalation = 5,
    Alert = 6,
}

public abstract record PlannedAction(RemedyStage Stage);

public sealed record Observe(PressureLevel Level) : PlannedAction(RemedyStage.Observe);

public sealed record FreezeProcess(Candidate Target) : PlannedAction(RemedyStage.Freeze);

/// <param name="Escalated">True when the kill is the escalation after freezes and sheds ran out.</param>
public sealed record KillProcess(Candidate Target, bool Escalated)
    : PlannedAction(Escalated ? RemedyStage.KillEscalation : RemedyStage.Kill);

public sealed record ShedService(string Label, int Tier) : PlannedAction(Tier == 3 ? RemedyStage.ShedTier3 : RemedyStage.ShedTier2);

/// <summary>Nothing automatic is left: a person must act.</summary>
public sealed record RaiseAlert(PressureLevel Level, string Reason) : PlannedAction(RemedyStage.Alert);

/// <summary>A target the planner passed over, and why; kept so every decision can be explained later.</summary>
public sealed record SkipNote(string Target, string Reason);

public sealed record Plan(PlannedAction Action, IReadOnlyList<SkipNote> Skipped);

/// <summary>
/// Questions the planner asks about each target; each returns why the target may not be used now, or null.
/// Cooldowns, ineffective markers, respawn loops and owner refusals all arrive through these.
/// </summary>
public sealed record PlanGates(
    Func<Candidate, string?> WhyNotFreeze,
    Func<Candidate, string?> WhyNotKill,
    Func<string, string?> WhyNotShed)
{
    public static PlanGates Open { get; } = new(_ => null, _ => null, _ => null);
}

/// <summary>
/// The original planner, extended with the escalation ladder of design §5:
/// GREEN/YELLOW observe. ORANGE freezes the worst running candidate, else sheds tier 3 then tier 2,
/// else alerts. RED kills a kill-allowed candidate at or above its kill floor and freezes anything else,
/// else sheds, else kills a frozen kill-allowed candidate, else alerts. Nothing is killed below RED.
/// </summary>
public static class Planner
{
    /// <param name="ranked">Candidates worst first, stopped ones included (<see cref="Picker.Rank"/> with includeStopped).</param>
    public static Plan Plan(PressureLevel level, IReadOnlyList<Candidate> ranked, ShedOptions shed, PlanGates gates)
    {
        if (level <= PressureLevel.Yellow)
        {
            return new Plan(new Observe(level), []);
        }

        var skipped = new List<SkipNote>();
        foreach (var candidate in ranked.Where(c => !c.Row.IsStopped))
        {
            var kill = level == PressureLevel.Red && candidate.KillAllowedAtThisSize;
            var why = kill ? gates.WhyNotKill(candidate) : gates.WhyNotFreeze(candidate);
            if (why is null)
            {
                return new Plan(kill ? new KillProcess(candidate, Escalated: false) : new FreezeProcess(candidate), skipped);
            }

            skipped.Add(new SkipNote(Describe(candidate), why));
        }

        foreach (var (label, tier) in shed.Tier3.Select(l => (l, 3)).Concat(shed.Tier2.Select(l => (l, 2))))
        {
            var why = gates.WhyNotShed(label);
            if (why is null)
            {
                return new Plan(new ShedService(label, tier), skipped);
            }

            skipped.Add(new SkipNote(label, why));
        }

        if (level == PressureLevel.Red)
        {
            foreach (var candidate in ranked.Where(c => c.Row.IsStopped && c.KillAllowedAtThisSize))
            {
                var why = gates.WhyNotKill(candidate);
                if (why is null)
                {
                    return new Plan(new KillProcess(candidate, Escalated: true), skipped);
                }

                skipped.Add(new SkipNote(Describe(candidate), why));
            }
        }

        var reason = level == PressureLevel.Red
            ? "RED and no freeze, shed or kill is left that could help: a person must act"
            : "ORANGE and no freeze or effective shed is left (kills are reserved for RED): a person must act";
        return new Plan(new RaiseAlert(level, reason), skipped);
    }

    private static string Describe(Candidate c) => $"{c.Row.Name} (pid {c.Row.Pid})";
}
