using System.Collections.Immutable;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Options;

namespace Sanctum.Policy.Probing;

/// <summary>What one probe run found.</summary>
/// <param name="HealthyBehind">For a failed probe with <c>healthy-when</c>: whether that command passed. Null otherwise.</param>
public sealed record ProbeObservation(bool Passed, string Detail, bool? HealthyBehind = null);

/// <summary>Everything one probe remembers between runs.</summary>
/// <param name="Failures">Consecutive counted failures; held at the threshold while a recovery is held back.</param>
/// <param name="LastPassed">The last result, counted or not (null before the first): passes are published only when it was not a pass.</param>
/// <param name="FreezeReported">The lease end already reported as "expected": once per lease.</param>
/// <param name="RecoveredAt">A recovery waiting for its evaluation: effective if the probe passes within recover-grace.</param>
/// <param name="Ineffective">Ineffective recoveries in a row.</param>
/// <param name="BackoffUntil">No recovery before this, after an ineffective one.</param>
/// <param name="Recoveries">When recoveries ran, within the last hour (for max-per-hour).</param>
public sealed record ProbeState(
    int Failures,
    bool? LastPassed,
    DateTimeOffset? FreezeReported,
    DateTimeOffset? RecoveredAt,
    int Ineffective,
    DateTimeOffset? BackoffUntil,
    ImmutableList<DateTimeOffset> Recoveries)
{
    public static ProbeState Initial { get; } = new(0, null, null, null, 0, null, []);
}

/// <summary>What the probe actor does after one observation.</summary>
/// <param name="Probe">The probe decision to publish; null for a pass that changes nothing, or a repeat failure under the same lease.</param>
/// <param name="Evaluation">The verdict on the last recovery, when it came due.</param>
/// <param name="Alert">Set when recoveries keep failing: the reason of an alert to raise.</param>
/// <param name="Recover">Run the recovery commands now.</param>
/// <param name="Log">A line for the log, in the original sentinel's words.</param>
public sealed record ProbeStep(ProbeState State, ProbeDecision? Probe, EvaluationDecision? Evaluation, string? Alert, bool Recover, string? Log);

/// <summary>
/// The probe rules as one pure function. Consecutive failures count up to <c>failures</c>, when recovery
/// runs once; a pass resets the count. A failure does not count while the linked process is frozen by a
/// valve lease (the freeze is intentional: design §4 rule 4), while <c>healthy-when</c> fails (the stack
/// behind the probe is down, not the thing it guards), or during the grace after a recovery. A recovery is
/// effective only if the probe passes within <c>recover-grace</c>; each ineffective one doubles the wait
/// before the next (capped at 30 min), two in a row raise an alert, and never more than
/// <c>max-per-hour</c> run in an hour.
/// </summary>
public static class ProbePolicy
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(30);

    /// <summary>Ineffective recoveries in a row that raise an alert.</summary>
    public const int AlertAfter = 2;

    /// <param name="frozenUntil">Non-null when the linked process was under a valve lease during this run: the lease end.</param>
    public static ProbeStep Observe(ProbeState s, ProbeOptions probe, ProbeObservation seen, DateTimeOffset now, DateTimeOffset? frozenUntil)
    {
        var service = probe.Service;
        var of = probe.Failures;
        EvaluationDecision? evaluation = null;
        string? alert = null;
        if (s.RecoveredAt is { } recoveredAt && frozenUntil is null && (seen.Passed || now >= recoveredAt + probe.RecoverGrace))
        {
            (s, evaluation, alert) = Evaluate(s, probe, seen.Passed, now);
        }

        if (seen.Passed)
        {
            var changed = s.LastPassed != true;
            s = s with { Failures = 0, LastPassed = true };
            return new ProbeStep(s, changed ? new ProbeDecision(now, service, true, 0, of, true, seen.Detail) : null, evaluation, alert, false, null);
        }

        s = s with { LastPassed = false };
        string? uncounted = null, log = null;
        if (frozenUntil is { } until)
        {
            uncounted = $"expected: frozen by valve until {AuditTime.Format(until)}";
            log = s.FreezeReported == until ? null : $"PROBE: {service} failed: {uncounted}";
            s = s with { FreezeReported = until };
        }
        else if (seen.HealthyBehind == false)
        {
            uncounted = "healthy-when failed: what stands behind the probe is down, not the service";
        }
        else if (s.RecoveredAt is { } at)
        {
            uncounted = $"within recover-grace of the recovery at {AuditTime.Format(at)}";
        }

        if (uncounted is not null)
        {
            // Under a lease, like a deferred resume, it is recorded once per lease.
            var decision = frozenUntil is null || log is not null ? new ProbeDecision(now, service, false, s.Failures, of, false, $"{uncounted}; {seen.Detail}") : null;
            return new ProbeStep(s, decision, evaluation, alert, false, log);
        }

        var failures = Math.Min(s.Failures + 1, of);
        log = $"PROBE: {service} failed ({failures}/{of})";
        if (failures < of)
        {
            return new ProbeStep(s with { Failures = failures }, new ProbeDecision(now, service, false, failures, of, true, seen.Detail), evaluation, alert, false, log);
        }

        var recent = s.Recoveries.RemoveAll(t => now - t >= TimeSpan.FromHours(1));
        if (HeldBack(s, probe, recent, now) is { } held)
        {
            return new ProbeStep(
                s with { Failures = failures, Recoveries = recent },
                new ProbeDecision(now, service, false, failures, of, true, $"{seen.Detail}; recovery held back: {held}"),
                evaluation,
                alert,
                false,
                log);
        }

        return new ProbeStep(
            s with { Failures = 0, RecoveredAt = now, Recoveries = recent.Add(now) },
            new ProbeDecision(now, service, false, failures, of, true, $"{seen.Detail}; recovery runs"),
            evaluation,
            alert,
            true,
            log);
    }

    private static (ProbeState, EvaluationDecision, string?) Evaluate(ProbeState s, ProbeOptions probe, bool passed, DateTimeOffset now)
    {
        if (passed)
        {
            return (s with { RecoveredAt = null, Ineffective = 0, BackoffUntil = null }, new EvaluationDecision(now, probe.Service, true, 0, null, OfRecovery: true), null);
        }

        var ineffective = s.Ineffective + 1;
        var backoff = Backoff(probe.RecoverGrace, ineffective);
        var alert = ineffective == AlertAfter
            ? $"{probe.Service}: {ineffective} recoveries in a row did not bring it back; the next waits {backoff.TotalMinutes:0.#} min, doubling up to {MaxBackoff.TotalMinutes:0} min"
            : null;
        return (s with { RecoveredAt = null, Ineffective = ineffective, BackoffUntil = now + backoff }, new EvaluationDecision(now, probe.Service, false, 0, backoff, OfRecovery: true), alert);
    }

    /// <summary>The wait after the <paramref name="ineffective"/>-th ineffective recovery in a row: the grace, doubled each time, capped.</summary>
    public static TimeSpan Backoff(TimeSpan grace, int ineffective)
    {
        // A zero grace would never back off at all.
        var start = grace > TimeSpan.Zero ? grace : TimeSpan.FromMinutes(1);
        var doubled = start * Math.Pow(2, Math.Min(ineffective - 1, 16));
        return doubled < MaxBackoff ? doubled : MaxBackoff;
    }

    private static string? HeldBack(ProbeState s, ProbeOptions probe, ImmutableList<DateTimeOffset> recent, DateTimeOffset now)
    {
        if (probe.Recover.Count == 0)
        {
            return "no recover commands configured";
        }

        if (s.BackoffUntil is { } until && now < until)
        {
            return $"{s.Ineffective} ineffective recoveries in a row; backing off until {AuditTime.Format(until)}";
        }

        if (recent.Count < probe.MaxPerHour)
        {
            return null;
        }

        return recent.IsEmpty ? "max-per-hour is 0" : $"max-per-hour ({probe.MaxPerHour}) reached; next allowed at {AuditTime.Format(recent[0] + TimeSpan.FromHours(1))}";
    }
}
