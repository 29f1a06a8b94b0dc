using Sanctum.Actors.Gateway;

namespace Sanctum.Ledger;

/// <summary>A journaled decision as <c>sanctum why</c>/<c>history</c> show it.</summary>
public static class LedgerTrail
{
    public static DecisionView View(DecisionRecorded d)
    {
        var (pid, start) = Identity(d.Target);
        return new DecisionView(
            d.At.UtcDateTime,
            d.Kind,
            pid,
            start,
            pid is null ? NullIfEmpty(d.Target) : d.Name,
            d.Action,
            NullIfEmpty(d.By),
            NullIfEmpty(d.Outcome),
            d.Reason,
            NullIfEmpty(d.Level) ?? "unknown");
    }

    /// <summary>A process target is written <c>pid-start</c> (<see cref="Policy.Domain.ProcessIdentity"/>); anything else is a label.</summary>
    private static (int? Pid, long? Start) Identity(string target)
    {
        var dash = target.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(target.AsSpan(0, dash), out var pid) && long.TryParse(target.AsSpan(dash + 1), out var start)
            ? (pid, start)
            : (null, null);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
