using System.Collections.Immutable;

namespace Sanctum.Policy.Effectiveness;

/// <summary>The pressure signals a remediation is meant to move.</summary>
public readonly record struct PressureReading(long SwapUsedMb, long AvailableMb);

/// <summary>A remediation waiting for its cooldown to end before it is judged.</summary>
public sealed record PendingEvaluation(string Target, PressureReading Before, DateTimeOffset Due);

/// <summary>Per target: consecutive ineffective results, how often it was skipped, and until when.</summary>
public sealed record TargetRecord(int FailStreak, int TimesSkipped, DateTimeOffset? SkipUntil);

/// <param name="DeltaMb">Relief measured: the larger of the swap drop and the rise in available memory.</param>
/// <param name="SkipFor">Set when this result started a skip window.</param>
public sealed record EvaluationResult(string Target, bool Effective, long DeltaMb, int FailStreak, TimeSpan? SkipFor);

/// <summary>A target skipped for being ineffective, for the heartbeat and <c>sanctum status</c>.</summary>
public sealed record ActiveSkip(string Target, long SecondsRemaining);

/// <summary>
/// The original phase-4 effectiveness gate: every shed (and kill) records the pressure before it and is
/// judged once its cooldown deadline has passed. A relief under <c>delta-mb</c> is ineffective;
/// <c>max-fail-streak</c> in a row skip the target for the skip window. When the window has passed the
/// target is reconsidered, on probation: one more ineffective result skips it again, for double the
/// window each time (capped at <see cref="MaxWindowGrowth"/>×). An effective result clears everything.
/// </summary>
public sealed record ShedEffectiveness(
    long DeltaMb,
    int MaxFailStreak,
    TimeSpan SkipWindow,
    ImmutableDictionary<string, TargetRecord> Targets,
    ImmutableList<PendingEvaluation> Pending)
{
    public const int MaxWindowGrowth = 8;

    public static ShedEffectiveness Create(long deltaMb, int maxFailStreak, TimeSpan skipWindow) =>
        new(deltaMb, maxFailStreak, skipWindow, ImmutableDictionary<string, TargetRecord>.Empty, []);

    public ShedEffectiveness Record(string target, PressureReading before, DateTimeOffset due) =>
        this with { Pending = Pending.Add(new PendingEvaluation(target, before, due)) };

    /// <summary>Judges the evaluations that are due; the others stay pending.</summary>
    public (ShedEffectiveness Next, IReadOnlyList<EvaluationResult> Results) Evaluate(DateTimeOffset now, PressureReading current)
    {
        var due = Pending.Where(p => p.Due <= now).ToArray();
        if (due.Length == 0)
        {
            return (this, []);
        }

        var targets = Targets;
        var results = new List<EvaluationResult>(due.Length);
        foreach (var p in due)
        {
            var delta = Math.Max(p.Before.SwapUsedMb - current.SwapUsedMb, current.AvailableMb - p.Before.AvailableMb);
            var before = targets.GetValueOrDefault(p.Target);
            var effective = delta >= DeltaMb;
            var fresh = Fresh(before, now);
            TimeSpan? skipFor = !effective && (fresh.FailStreak + 1 >= MaxFailStreak || fresh.TimesSkipped > 0)
                ? SkipWindow * Math.Min(MaxWindowGrowth, 1 << Math.Min(fresh.TimesSkipped, 30))
                : null;
            var record = Judge(before, now, effective, now + skipFor);
            targets = targets.SetItem(p.Target, record);
            results.Add(new EvaluationResult(p.Target, effective, delta, record.FailStreak, skipFor));
        }

        return (this with { Targets = targets, Pending = Pending.RemoveAll(p => p.Due <= now) }, results);
    }

    public bool IsPending(string target) => Pending.Any(p => p.Target == target);

    public bool IsIneffective(string target, DateTimeOffset now) =>
        Targets.TryGetValue(target, out var r) && r.SkipUntil is { } until && now < until;

    public TimeSpan SkipRemaining(string target, DateTimeOffset now) =>
        Targets.TryGetValue(target, out var r) && r.SkipUntil is { } until && now < until ? until - now : TimeSpan.Zero;

    public IReadOnlyList<ActiveSkip> ActiveSkips(DateTimeOffset now) =>
        Targets.Where(kv => kv.Value.SkipUntil is { } until && now < until)
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new ActiveSkip(kv.Key, (long)Math.Ceiling((kv.Value.SkipUntil!.Value - now).TotalSeconds)))
            .ToArray();

    /// <summary>
    /// A target's record after one judged result at <paramref name="at"/>: effective clears it, ineffective counts
    /// a failure, and one that started a skip window (until <paramref name="skipUntil"/>) also counts a skip.
    /// </summary>
    public static TargetRecord Judge(TargetRecord? record, DateTimeOffset at, bool effective, DateTimeOffset? skipUntil)
    {
        if (effective)
        {
            return new TargetRecord(0, 0, null);
        }

        var fresh = Fresh(record, at);
        return skipUntil is { } until
            ? new TargetRecord(fresh.FailStreak + 1, fresh.TimesSkipped + 1, until)
            : fresh with { FailStreak = fresh.FailStreak + 1 };
    }

    /// <summary>A marker whose window has passed decays: the target may be used again (its skip count remains).</summary>
    private static TargetRecord Fresh(TargetRecord? record, DateTimeOffset now) =>
        record switch
        {
            null => new TargetRecord(0, 0, null),
            { SkipUntil: { } until } when now >= until => record with { FailStreak = 0, SkipUntil = null },
            _ => record,
        };
}
