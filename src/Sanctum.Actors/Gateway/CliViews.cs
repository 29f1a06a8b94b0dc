using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Actors.Gateway;

/// <summary>Turns the actors' answers into the client's views (<see cref="CliJson"/>).</summary>
public static class CliViews
{
    public static StatusView Status(ValveStatus status, OwnerList owners, CliGatewaySettings settings, string persistence, DateTimeOffset now) => new(
        settings.Version,
        settings.Pid,
        settings.StartedAt.UtcDateTime,
        (long)(now - settings.StartedAt).TotalSeconds,
        settings.Tick.TotalSeconds,
        status.Level.ToWire(),
        status.Sample is { } p ? new SignalsView(p.AvailableMb, p.SwapUsedMb, p.SwapTotalMb, Math.Round(p.SwapPercent, 1), p.KernelLevel, p.CompressorMb) : null,
        Armed: !status.DryRun,
        status.DryRun,
        status.EpisodeStage.ToString().ToLowerInvariant(),
        status.LastAction is { } a ? new LastActionView(a.At.UtcDateTime, a.What, a.Outcome) : null,
        owners.Owners.Count(o => o.Lease is not null),
        [.. status.IneffectiveTargets.Select(s => new IneffectiveView(s.Target, s.SecondsRemaining))],
        persistence);

    public static ProcessView Process(OwnerSnapshot o, DateTimeOffset now)
    {
        var (owner, until, note) = o switch
        {
            { Traits.DeniedReason: { } denied } => ("denied", (DateTimeOffset?)null, denied),
            { Lease: { } lease } => ($"frozen-by-{lease.By.ToWire()}", lease.Until, lease.Reason),
            { Row.IsStopped: true } => ("stopped", null, "stopped outside the guard"),
            { Rest: { } rest } when rest.Until > now => ("resting", rest.Until, rest.Why),
            _ => ("running", null, null),
        };
        var row = o.Row;
        return new ProcessView(row.Pid, row.StartTime, row.Name, row.RssMb, row.State, owner, until?.UtcDateTime, note, o.Traits.IsCritical, o.Traits.IsAllowlisted, o.FreezesInLastHour);
    }

    /// <param name="levelThen">The confirmed pressure level when the decision was taken.</param>
    public static DecisionView Decision(Decision decision, PressureLevel levelThen)
    {
        var level = levelThen.ToWire();
        var at = decision.At.UtcDateTime;
        return decision switch
        {
            SignalDecision s => new(at, "signal", s.Target.Pid, s.Target.StartTime, s.Name, s.Signal.ToWire(), s.By.ToWire(), s.Outcome.ToWire(), s.Reason, level),
            OverrideDecision o => new(at, "override", o.Target.Pid, o.Target.StartTime, o.Name, Signal.Continue.ToWire(), "outside", "applied", o.Reason, level),
            LevelChanged l => new(at, "level", null, null, null, $"{l.From.ToWire()} -> {l.To.ToWire()}", "pressure", null,
                $"available {l.Sample.AvailableMb} MB, swap {l.Sample.SwapPercent:0.#}%, kernel {l.Sample.KernelLevel}", level),
            ShedDecision s => new(at, "shed", null, null, s.Label, "shed", s.By.ToWire(), s.Outcome.ToWire(), s.Reason, level),
            EvaluationDecision e => new(at, "evaluation", null, null, e.Target, "evaluate", "valve", e.Effective ? "effective" : "ineffective",
                $"moved {e.DeltaMb} MB" + (e.SkipFor is { } k ? $"; skipped for {k.TotalMinutes:0} min" : ""), level),
            EscalationDecision e => new(at, "escalation", null, null, null, $"{e.From} -> {e.To}", "valve", null, e.Reason, level),
            AlertDecision a => new(at, "alert", null, null, null, "alert", "valve", null, a.Reason, level),
            RespawnLoopDecision r => new(at, "alert", null, null, r.Label, "alert", "services", null,
                $"respawn loop: brought back {r.RespawnsInLastHour} times in an hour; no longer shed", level),
            ArmingDecision a => new(at, "arming", null, null, null, a.DryRun ? "disarm" : "arm", a.By.ToWire(), "applied",
                a.DryRun ? "dry-run on: decide and record, send nothing" : "armed: signals are sent", level),
            var other => new(at, other.GetType().Name, null, null, null, "?", null, null, other.ToString(), level),
        };
    }
}
