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

/// <summary>Nothing to do this tick but wait: a remedy already taken is still cooling down or being judged.</summary>
public sealed record Wait(PressureLevel Level, string Reason) : PlannedAction(RemedyStage.Observe);

/// <summary>Why a target may not be used now; <see cref="Temporary"/> when waiting will change that (a cooldown, a pending evaluation).</summary>
public sealed record Hold(string Reason, bool Temporary = false);

/// <summary>A target the planner passed over, and why; kept so every decision can be explained later.</summary>
public sealed record SkipNote(string Target, string Reason, bool Temporary = false);

public sealed record Plan(PlannedAction Action, IReadOnlyList<SkipNote> Skipped);

/// <summary>
/// Questions the planner asks about each target; each returns why the target may not be used now, or null.
/// Cooldowns, ineffective markers, respawn loops and owner refusals all arrive through these.
/// </summary>
public sealed record PlanGates(
    Func<Candidate, Hold?> WhyNotFreeze,
    Func<Candidate, Hold?> WhyNotKill,
    Func<string, Hold?> WhyNotShed)
{
    public static PlanGates Open { get; } = new(_ => null, _ => null, _ => null);
}

/// <summary>
/// The original planner, extended with the escalation ladder of design §5:
/// GREEN/YELLOW observe. ORANGE freezes the worst running candidate, else sheds tier 3 then tier 2,
/// else alerts. RED kills a kill-allowed candidate at or above its kill floor and freezes anything else,
/// else sheds, else kills a frozen kill-allowed candidate, else alerts. Nothing is killed below RED, and
/// no alert is raised while a remedy already taken is still cooling down or waiting for its evaluation.
/// </summary>
public static class Planner
{
    /// <param name="ranked">Candidates worst first, stopped ones included (<see cref="Picker.Rank"/> with includeStopped).</param>
    /// <param name="denied">Allow-listed processes a denial keeps from the valve; listed as passed over, with the rule.</param>
    public static Plan Plan(PressureLevel level, IReadOnlyList<Candidate> ranked, ShedOptions shed, PlanGates gates, IReadOnlyList<DeniedCandidate>? denied = null)
    {
        if (level <= PressureLevel.Yellow)
        {
            return new Plan(new Observe(level), []);
        }

        // A candidate the valve itself froze moments ago is still taking effect: wait before calling a person.
        var skipped = ranked.Where(c => c.Row.IsStopped)
            .Select(c => new SkipNote(Describe(c), $"already stopped (state {c.Row.State})", gates.WhyNotFreeze(c)?.Temporary ?? false))
            .Concat((denied ?? []).Select(d => new SkipNote(Describe(d.Row), $"denied by {d.Denial}")))
            .ToList();
        foreach (var candidate in ranked.Where(c => !c.Row.IsStopped))
        {
            var kill = level == PressureLevel.Red && candidate.KillAllowedAtThisSize;
            var why = kill ? gates.WhyNotKill(candidate) : gates.WhyNotFreeze(candidate);
            if (why is null)
            {
                return new Plan(kill ? new KillProcess(candidate, Escalated: false) : new FreezeProcess(candidate), skipped);
            }

            skipped.Add(new SkipNote(Describe(candidate), why.Reason, why.Temporary));
        }

        foreach (var (label, tier) in shed.Tier3.Select(l => (l, 3)).Concat(shed.Tier2.Select(l => (l, 2))))
        {
            var why = gates.WhyNotShed(label);
            if (why is null)
            {
                return new Plan(new ShedService(label, tier), skipped);
            }

            skipped.Add(new SkipNote(label, why.Reason, why.Temporary));
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

                skipped.Add(new SkipNote(Describe(candidate), why.Reason, why.Temporary));
            }
        }

        if (skipped.FirstOrDefault(s => s.Temporary) is { } pending)
        {
            return new Plan(new Wait(level, $"waiting: {pending.Target}: {pending.Reason}"), skipped);
        }

        var reason = level == PressureLevel.Red
            ? "RED and no freeze, shed or kill is left that could help: a person must act"
            : "ORANGE and no freeze or effective shed is left (kills are reserved for RED): a person must act";
        return new Plan(new RaiseAlert(level, reason), skipped);
    }

    private static string Describe(Candidate c) => Describe(c.Row);

    private static string Describe(ProcRow row) => $"{row.Name} (pid {row.Pid})";
}
