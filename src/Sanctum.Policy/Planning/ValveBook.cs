using System.Collections.Immutable;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Options;

namespace Sanctum.Policy.Planning;

/// <summary>An owner's or service's "not now" for one (target, action), mirrored so the planner passes over it.</summary>
public sealed record ValveRefusal(DateTimeOffset Until, string Reason, bool Temporary);

/// <summary>
/// Everything the valve remembers between ticks about its targets: cooldowns, the owners' refusals, services
/// found not running or in a respawn loop, and every shed and kill waiting to be judged. Each change returns
/// a new book; <see cref="Gates"/> turns the book into the questions the <see cref="Planner"/> asks.
/// </summary>
/// <param name="Cooldown">How long an applied remedy, or a refusal without a date, holds its (target, action).</param>
/// <param name="NotRunningFor">How long a service found already down is passed over, unless it is seen running again.</param>
public sealed record ValveBook(
    TimeSpan Cooldown,
    TimeSpan NotRunningFor,
    CooldownBook Cooldowns,
    ShedEffectiveness Effectiveness,
    ImmutableDictionary<(string Target, string Action), ValveRefusal> Refusals,
    ImmutableDictionary<string, DateTimeOffset> DownUntil,
    ImmutableHashSet<string> RespawnLoops)
{
    public const string ShedAction = "shed";

    public static ValveBook Create(ValveOptions options) =>
        new(
            options.Cooldown,
            options.Shed.SkipWindow,
            CooldownBook.Empty,
            ShedEffectiveness.Create(options.Shed.DeltaMb, options.Shed.MaxFailStreak, options.Shed.SkipWindow),
            ImmutableDictionary<(string, string), ValveRefusal>.Empty,
            ImmutableDictionary<string, DateTimeOffset>.Empty,
            ImmutableHashSet<string>.Empty);

    /// <summary>A remedy was applied (or would have been, dry-run): the pair cools down.</summary>
    public ValveBook WithApplied(string target, string action, DateTimeOffset now) =>
        this with { Cooldowns = Cooldowns.Start(target, action, now, Cooldown) };

    /// <summary>A remedy that really ran is judged once its cooldown has passed, against the pressure before it.</summary>
    public ValveBook WithJudgementDue(string target, PressureReading before, DateTimeOffset now) =>
        this with { Effectiveness = Effectiveness.Record(target, before, Later.Than(now, Cooldown)) };

    public ValveBook WithRefusal(string target, string action, ValveRefusal refusal) =>
        this with { Refusals = Refusals.SetItem((target, action), refusal) };

    /// <summary>
    /// A shed that ran cools down (and, unless dry-run, waits for its judgement); a service that was already down
    /// is passed over for a while; any other outcome is refused for a cooldown.
    /// </summary>
    public ValveBook WithShedReply(string label, Outcome outcome, string reason, DateTimeOffset now, PressureReading before) =>
        outcome switch
        {
            Outcome.Applied => WithApplied(label, ShedAction, now).WithJudgementDue(label, before, now),
            Outcome.DryRun => WithApplied(label, ShedAction, now),
            Outcome.Already => this with { DownUntil = DownUntil.SetItem(label, now + NotRunningFor) },
            _ => WithRefusal(label, ShedAction, new ValveRefusal(Later.Than(now, Cooldown), reason, Temporary: false)),
        };

    /// <summary>A service seen running may be shed again at once; one in a respawn loop is passed over until it leaves it.</summary>
    public ValveBook WithServiceState(string label, bool running, bool respawnLoop) =>
        this with
        {
            RespawnLoops = respawnLoop ? RespawnLoops.Add(label) : RespawnLoops.Remove(label),
            DownUntil = running ? DownUntil.Remove(label) : DownUntil,
        };

    /// <summary>
    /// The ledger's markers and cooldowns from before a restart. The seed can arrive after this run's first
    /// remedies: their pending evaluations are kept, and their cooldowns win over the seed's.
    /// </summary>
    public ValveBook WithSeed(ShedEffectiveness effectiveness, CooldownBook cooldowns) =>
        this with
        {
            Effectiveness = effectiveness with { Pending = Effectiveness.Pending },
            Cooldowns = new CooldownBook(cooldowns.Until.SetItems(Cooldowns.Until)),
        };

    /// <summary>Judges the sheds and kills whose cooldown has passed.</summary>
    public (ValveBook Next, IReadOnlyList<EvaluationResult> Results) Evaluate(DateTimeOffset now, PressureReading current)
    {
        var (effectiveness, results) = Effectiveness.Evaluate(now, current);
        return (this with { Effectiveness = effectiveness }, results);
    }

    public PlanGates Gates(DateTimeOffset now) =>
        new(
            c => WhyNot(c.Row.Identity.ToString(), Signal.Stop.ToWire(), now),
            c => WhyNot(c.Row.Identity.ToString(), Signal.Kill.ToWire(), now),
            label => WhyNotShed(label, now));

    private Hold? WhyNotShed(string label, DateTimeOffset now)
    {
        if (Effectiveness.IsIneffective(label, now))
        {
            return new Hold($"ineffective: skipped for {Effectiveness.SkipRemaining(label, now).TotalSeconds:0}s more");
        }

        if (RespawnLoops.Contains(label))
        {
            return new Hold("respawn loop: its supervisor keeps bringing it back");
        }

        if (Effectiveness.IsPending(label))
        {
            return new Hold("shed, waiting for its evaluation", Temporary: true);
        }

        if (DownUntil.TryGetValue(label, out var down) && now < down)
        {
            return new Hold("not running");
        }

        return WhyNot(label, ShedAction, now);
    }

    private Hold? WhyNot(string target, string action, DateTimeOffset now)
    {
        if (Cooldowns.IsCooling(target, action, now))
        {
            return new Hold($"cooldown: {Cooldowns.Remaining(target, action, now).TotalSeconds:0}s left", Temporary: true);
        }

        return Refusals.TryGetValue((target, action), out var r) && now < r.Until ? new Hold(r.Reason, r.Temporary) : null;
    }
}
