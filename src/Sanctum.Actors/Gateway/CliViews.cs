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
        persistence,
        settings.Reading,
        ProgressView.Of(status.Progress, now, settings.Tick),
        status.LastArming is { } arming ? Arming(arming) : null);

    public static ArmingView Arming(ArmingDecision a) => new(a.At.UtcDateTime, !a.DryRun, a.DryRun, a.By.ToWire());

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

    /// <param name="levelThen">The confirmed pressure level when the decision was taken, for a decision that does not carry its own.</param>
    public static DecisionView Decision(DecisionRecord r, PressureLevel levelThen) => new(
        r.At.UtcDateTime,
        r.Kind,
        r.Process?.Pid,
        r.Process?.StartTime,
        r.Process is null ? r.Target : r.Name,
        r.Action,
        r.By,
        r.Outcome,
        r.Reason,
        (r.Level ?? levelThen).ToWire());
}
