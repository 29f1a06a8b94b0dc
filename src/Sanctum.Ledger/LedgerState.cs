using System.Collections.Immutable;
using Sanctum.Actors.Gateway;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Planning;

namespace Sanctum.Ledger;

/// <summary>An open freeze: the process was frozen by <see cref="Requester"/> and nobody has thawed it yet.</summary>
public sealed record Tombstone(int Pid, long Start, string Name, string Requester, string Reason, DateTimeOffset Since, DateTimeOffset LeaseUntil)
{
    public ProcessIdentity Identity => new(Pid, Start);
}

/// <summary>Effectiveness of one shed/kill target, as <see cref="TargetRecord"/> keeps it in the valve.</summary>
public sealed record Marker(string Target, int FailStreak, int TimesSkipped, DateTimeOffset? SkipUntil);

public sealed record Cooldown(string Target, string Action, DateTimeOffset Until);

/// <summary>The ledger's state in a snapshot: plain arrays, versioned by the serializer's manifest.</summary>
/// <param name="LastArming">Added later: older snapshots read with null.</param>
public sealed record LedgerSnapshot(Tombstone[] Open, Marker[] Markers, Cooldown[] Cooldowns, long Decisions, DecisionRecorded[] Recent, DecisionRecorded? LastArming = null) : ILedgerMessage;

/// <summary>
/// What the journal adds up to: open tombstones, effectiveness markers, running cooldowns, and the most
/// recent decisions (older ones are deleted behind snapshots). Pure; the actors only fold events into it.
/// </summary>
public sealed record LedgerState(
    ImmutableDictionary<ProcessIdentity, Tombstone> Open,
    ImmutableDictionary<string, Marker> Markers,
    ImmutableDictionary<(string Target, string Action), Cooldown> Cooldowns,
    long Decisions,
    ImmutableList<DecisionRecorded> Recent)
{
    /// <summary>
    /// The decision trail a restart keeps for <c>sanctum why</c>/<c>history</c> (events behind a snapshot are
    /// deleted). About 250 bytes each in a snapshot, so about 0.5 MB per snapshot at this size.
    /// </summary>
    public const int RecentKept = 2_000;

    /// <summary>A person's last <c>arm</c>/<c>disarm</c>, kept apart from <see cref="Recent"/> so it outlives any number of later decisions.</summary>
    public DecisionRecorded? LastArming { get; init; }

    public static LedgerState Empty { get; } = new(
        ImmutableDictionary<ProcessIdentity, Tombstone>.Empty,
        ImmutableDictionary<string, Marker>.Empty,
        ImmutableDictionary<(string, string), Cooldown>.Empty,
        0,
        []);

    public LedgerState Apply(ILedgerEvent e) => e switch
    {
        FreezeOpened o => this with { Open = Open.SetItem(new ProcessIdentity(o.Pid, o.Start), new Tombstone(o.Pid, o.Start, o.Name, o.Requester, o.Reason, o.At, o.LeaseUntil)) },
        FreezeClosed c => this with { Open = Open.Remove(new ProcessIdentity(c.Pid, c.Start)) },
        DecisionRecorded d => this with
        {
            Decisions = Decisions + 1,
            Recent = Recent.Count >= RecentKept ? Recent.RemoveAt(0).Add(d) : Recent.Add(d),
            LastArming = d.Kind == DecisionKinds.Arming ? d : LastArming,
        },
        EvaluationRecorded v => this with { Markers = Markers.SetItem(v.Target, Judge(Markers.GetValueOrDefault(v.Target), v)) },
        CooldownStarted c => this with
        {
            Cooldowns = Cooldowns.RemoveRange(Cooldowns.Where(kv => kv.Value.Until <= c.At).Select(kv => kv.Key))
                .SetItem((c.Target, c.Action), new Cooldown(c.Target, c.Action, c.Until)),
        },
        _ => this,
    };

    public LedgerState ApplyAll(IEnumerable<ILedgerEvent> events) => events.Aggregate(this, (s, e) => s.Apply(e));

    public IReadOnlyList<Cooldown> ActiveCooldowns(DateTimeOffset now) =>
        Cooldowns.Values.Where(c => c.Until > now).OrderBy(c => c.Until).ToArray();

    /// <summary>
    /// What a restarted valve needs to keep gating ineffective targets: its fresh effectiveness book with
    /// the journaled markers put back.
    /// </summary>
    public ShedEffectiveness Seed(ShedEffectiveness fresh) =>
        fresh with { Targets = Markers.Values.ToImmutableDictionary(m => m.Target, m => new TargetRecord(m.FailStreak, m.TimesSkipped, m.SkipUntil)) };

    /// <summary>Everything a restarted valve takes back: its ineffective markers, the cooldowns still running, and a person's last arming.</summary>
    public SeedValve ToValveSeed(ShedEffectiveness fresh, DateTimeOffset now) =>
        new(Seed(fresh), ActiveCooldowns(now).Aggregate(CooldownBook.Empty, (book, c) => book.Start(c.Target, c.Action, now, c.Until - now)), ArmingOf(LastArming));

    private static ArmingDecision? ArmingOf(DecisionRecorded? d) =>
        d is null ? null : new(d.At, d.Action == "disarm", Enum.TryParse<Requester>(d.By, ignoreCase: true, out var by) ? by : Requester.User);

    /// <summary>The journaled trail from before <paramref name="before"/> (this run's start), for the decision log.</summary>
    public SeedDecisions TrailBefore(DateTimeOffset before) => new([.. Recent.Where(d => d.At < before).Select(LedgerTrail.View)]);

    /// <summary>The lease an owner re-adopts after a restart.</summary>
    public static FreezeLease LeaseOf(Tombstone t) =>
        new(Enum.TryParse<Requester>(t.Requester, ignoreCase: true, out var by) ? by : Requester.Valve, t.Reason, t.Since, t.LeaseUntil, false);

    public LedgerSnapshot ToSnapshot() =>
        new(Open.Values.ToArray(), Markers.Values.ToArray(), Cooldowns.Values.ToArray(), Decisions, Recent.ToArray(), LastArming);

    public static LedgerState FromSnapshot(LedgerSnapshot s) => Empty with
    {
        Open = s.Open.ToImmutableDictionary(t => t.Identity),
        Markers = s.Markers.ToImmutableDictionary(m => m.Target),
        Cooldowns = s.Cooldowns.ToImmutableDictionary(c => (c.Target, c.Action)),
        Decisions = s.Decisions,
        Recent = [.. s.Recent],
        LastArming = s.LastArming,
    };

    private static Marker Judge(Marker? m, EvaluationRecorded v)
    {
        var judged = ShedEffectiveness.Judge(m is null ? null : new TargetRecord(m.FailStreak, m.TimesSkipped, m.SkipUntil), v.At, v.Effective, v.SkipUntil);
        return new Marker(v.Target, judged.FailStreak, judged.TimesSkipped, judged.SkipUntil);
    }
}
