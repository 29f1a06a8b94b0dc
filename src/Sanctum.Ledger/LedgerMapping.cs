using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Ledger;

/// <summary>
/// Turns a published decision into the ledger events it implies. Stateless: a close for an identity with
/// no open tombstone is harmless, so no lookup is needed here.
/// </summary>
public static class LedgerMapping
{
    private static readonly string Applied = Outcome.Applied.ToWire();
    private static readonly string Valve = Requester.Valve.ToWire();

    /// <param name="cooldown">The valve's cooldown (<c>valve.cooldown</c>), started by every applied valve action.</param>
    public static IReadOnlyList<ILedgerEvent> From(Decision decision, TimeSpan cooldown) => From(DecisionRecord.Of(decision), cooldown);

    private static IReadOnlyList<ILedgerEvent> From(DecisionRecord r, TimeSpan cooldown)
    {
        if (r.Effective is { } effective)
        {
            return [new EvaluationRecorded(r.At, r.Target ?? "", effective, r.DeltaMb ?? 0, r.SkipFor is { } skip ? r.At + skip : null)];
        }

        if (r is { Kind: DecisionKinds.Gone, Process: { } gone })
        {
            return [new FreezeClosed(r.At, gone.Pid, gone.StartTime, "gone", r.Reason)];
        }

        var events = new List<ILedgerEvent>(3)
        {
            new DecisionRecorded(r.At, r.Kind, r.Target ?? "", r.Action, r.By ?? "", r.Outcome ?? "", r.Reason, r.Level?.ToWire() ?? "", r.Name),
        };
        if (r.Outcome != Applied)
        {
            return events;
        }

        if (r is { Process: { } process, Signal: { } signal, By: { } by })
        {
            if (signal == Signal.Stop && by == Valve)
            {
                events.Add(new FreezeOpened(r.At, process.Pid, process.StartTime, r.Name ?? "", by, r.Reason, r.LeaseUntil ?? r.At));
            }
            else if (signal != Signal.Stop)
            {
                events.Add(new FreezeClosed(r.At, process.Pid, process.StartTime, by, r.Kind == DecisionKinds.Override ? r.Reason : $"{r.Action}: {r.Reason}"));
            }
        }

        if (r.Kind == DecisionKinds.Shed || (r.Kind == DecisionKinds.Signal && r.By == Valve && r.Signal != Signal.Continue))
        {
            events.Add(new CooldownStarted(r.At, r.Target ?? "", r.Action, Later.Than(r.At, cooldown)));
        }

        return events;
    }
}
