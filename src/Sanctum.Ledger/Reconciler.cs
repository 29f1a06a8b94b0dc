using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Ledger;

/// <summary>What to do with one tombstone left open by the previous run.</summary>
public abstract record Reconciliation(Tombstone Tombstone, string Why);

/// <summary>Still stopped, lease still running: the owner takes the lease back for what is left of it.</summary>
public sealed record Readopt(Tombstone Tombstone, FreezeLease Lease, string Why) : Reconciliation(Tombstone, Why);

/// <summary>Still stopped but its lease ended while the guard was down: the owner thaws it.</summary>
public sealed record Thaw(Tombstone Tombstone, string Why) : Reconciliation(Tombstone, Why);

/// <summary>Nothing to do to the process (gone, running, pid reused, thawed by the deadman): just close the tombstone.</summary>
public sealed record Close(Tombstone Tombstone, string Why) : Reconciliation(Tombstone, Why);

/// <summary>
/// Restart reconciliation (design §6) as a pure function of the recovered ledger, the deadman's record
/// and the first reading of the process table. A pid that now has another start time is another process:
/// its tombstone is closed and that process is never touched.
/// </summary>
public static class Reconciler
{
    public static IReadOnlyList<Reconciliation> Plan(
        IEnumerable<Tombstone> open, IEnumerable<DeadmanActed> deadman, IReadOnlyList<ProcRow> table, DateTimeOffset now)
    {
        var rows = table.GroupBy(r => r.Pid).ToDictionary(g => g.Key, g => g.First());
        var closedByDeadman = deadman.Where(d => d.Closes).ToLookup(d => new ProcessIdentity(d.Pid, d.Start));
        var plan = new List<Reconciliation>();
        foreach (var t in open.OrderBy(t => t.Since))
        {
            if (closedByDeadman[t.Identity].FirstOrDefault(d => d.At >= t.Since) is { } acted)
            {
                plan.Add(new Close(t, $"{acted.Result} by the deadman at {AuditTime.Format(acted.At)}"));
            }
            else if (!rows.TryGetValue(t.Pid, out var row))
            {
                plan.Add(new Close(t, "process gone while the guard was down"));
            }
            else if (row.StartTime != t.Start)
            {
                plan.Add(new Close(t, $"pid {t.Pid} now belongs to another process (start {row.StartTime}); not touched"));
            }
            else if (!row.IsStopped)
            {
                plan.Add(new Close(t, "resumed while the guard was down"));
            }
            else if (t.LeaseUntil > now)
            {
                plan.Add(new Readopt(t, LedgerState.LeaseOf(t), $"still stopped; lease re-adopted until {AuditTime.Format(t.LeaseUntil)}"));
            }
            else
            {
                plan.Add(new Thaw(t, "still stopped; its lease ended while the guard was down"));
            }
        }

        return plan;
    }
}
