using System.Collections.Immutable;
using System.Globalization;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Notifications;

/// <summary>What the person at the screen is shown: a title, one sentence, and whether it needs them now.</summary>
public sealed record Notification(string Title, string Body, bool Urgent);

/// <summary><c>notify.on</c> (event names of <see cref="DecisionEvents"/>) and <c>notify.min-interval</c>.</summary>
public sealed record NotificationRules(IReadOnlyCollection<string> On, TimeSpan MinInterval);

/// <param name="LastSentAt">When the last notification went out; the next may go at this plus the min-interval.</param>
/// <param name="Held">Events that came too soon after the last notification, in order: they go out together as one summary.</param>
public sealed record NotificationState(DateTimeOffset? LastSentAt, ImmutableList<DecisionRecord> Held)
{
    public static NotificationState Initial { get; } = new(null, []);
}

/// <param name="Send">The notification to show now, if any.</param>
/// <param name="FlushAt">When the held events are due (<see cref="NotificationPolicy.Flush"/>): set when the first one is held.</param>
public readonly record struct NotificationStep(NotificationState State, Notification? Send, DateTimeOffset? FlushAt);

/// <summary>
/// Which decisions tell the person at the screen, when, and in which words (all from <see cref="DecisionRecord"/>). An event is
/// shown at once when the last notification is at least <c>min-interval</c> old; one that comes sooner is held, and everything held
/// goes out as one summary ("froze 2, killed 1 — sanctum history") when the interval ends. An alert — nothing automatic is left —
/// never waits: it goes out at once and carries what was held (the valve already sends at most one per <c>shed.skip-window</c>).
/// Only remedies that were applied, or would have been in dry-run, are shown; refused, deferred and skipped ones are in the history.
/// </summary>
public static class NotificationPolicy
{
    public const string Title = "sanctum";
    public const string AlertTitle = "sanctum: a person must act";

    private static readonly string Applied = Outcome.Applied.ToWire();
    private static readonly string DryRun = Outcome.DryRun.ToWire();

    private static readonly IReadOnlyDictionary<string, string> PastTense = new Dictionary<string, string>
    {
        [DecisionEvents.Freeze] = "froze",
        [DecisionEvents.Thaw] = "thawed",
        [DecisionEvents.Kill] = "killed",
        [DecisionEvents.Shed] = "shed",
        [DecisionEvents.Alert] = "alerted",
    };

    public static NotificationStep Observe(NotificationState state, DecisionRecord r, NotificationRules rules, DateTimeOffset now)
    {
        if (!Notifies(r, rules))
        {
            return new(state, null, null);
        }

        if (r.Event == DecisionEvents.Alert)
        {
            return new(new(now, []), Alert(r, state.Held), null);
        }

        if (state.Held.IsEmpty && (state.LastSentAt is not { } last || now - last >= rules.MinInterval))
        {
            return new(new(now, []), Single(r), null);
        }

        return new(state with { Held = state.Held.Add(r) }, null, state.Held.IsEmpty ? state.LastSentAt + rules.MinInterval : null);
    }

    /// <summary>The interval after the last notification ended: everything held goes out, one alone in its own words, more as a summary.</summary>
    public static NotificationStep Flush(NotificationState state, DateTimeOffset now) => state.Held.Count switch
    {
        0 => new(state, null, null),
        1 => new(new(now, []), Single(state.Held[0]), null),
        _ => new(new(now, []), new Notification(Title, $"{Summary(state.Held)} — sanctum history", Urgent: false), null),
    };

    public static bool Notifies(DecisionRecord r, NotificationRules rules) =>
        r.Event is { } e && rules.On.Contains(e) && (r.Outcome is null || r.Outcome == Applied || r.Outcome == DryRun);

    /// <summary>"froze LM Studio Helper (9.6 GB) at ORANGE — sanctum why 23424", "would shed com.sanctum.memory-vault at ORANGE — sanctum history".</summary>
    public static Notification Single(DecisionRecord r)
    {
        var what = r.Process is { } p
            ? $"{Verb(r)} {r.Name ?? p.ToString()}{Size(r.RssMb)}{AtLevel(r)} — sanctum why {p.Pid}"
            : $"{Verb(r)} {r.Label ?? r.Target}{AtLevel(r)} — sanctum history";
        return new(Title, what, Urgent: false);
    }

    /// <summary>What is left to a person, with what was tried (the alert's reason names what was passed over), and what was held.</summary>
    private static Notification Alert(DecisionRecord r, ImmutableList<DecisionRecord> held)
    {
        var subject = r.Label is { } label ? $"{label}: " : "";
        var also = held.IsEmpty ? "" : $" (also {Summary(held)})";
        return new(AlertTitle, $"ALERT{AtLevel(r)}: {subject}{r.Reason}{also} — sanctum history", Urgent: true);
    }

    /// <summary>"froze 2, killed 1", in the order the kinds first came.</summary>
    private static string Summary(IEnumerable<DecisionRecord> held) =>
        string.Join(", ", held.GroupBy(Verb).Select(g => $"{g.Key} {g.Count()}"));

    private static string Verb(DecisionRecord r) =>
        r.Outcome == DryRun ? $"would {r.Event}" : PastTense.GetValueOrDefault(r.Event ?? "", r.Action);

    private static string AtLevel(DecisionRecord r) => r.Level is { } level ? $" at {level.ToWire()}" : "";

    private static string Size(long? rssMb) => rssMb switch
    {
        null or <= 0 => "",
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $" ({rssMb.Value / 1024.0:0.#} GB)"),
        _ => string.Create(CultureInfo.InvariantCulture, $" ({rssMb} MB)"),
    };
}
