using Sanctum.Actors.Gateway;
using Sanctum.Policy.Domain;

namespace Sanctum.Ledger;

/// <summary>A journaled decision as <c>sanctum why</c>/<c>history</c> show it.</summary>
public static class LedgerTrail
{
    public static DecisionView View(DecisionRecorded d)
    {
        var isProcess = ProcessIdentity.TryParse(d.Target, out var target);
        return new DecisionView(
            d.At.UtcDateTime,
            d.Kind,
            isProcess ? target.Pid : null,
            isProcess ? target.StartTime : null,
            isProcess ? d.Name : NullIfEmpty(d.Target),
            d.Action,
            NullIfEmpty(d.By),
            NullIfEmpty(d.Outcome),
            d.Reason,
            NullIfEmpty(d.Level) ?? "unknown");
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
