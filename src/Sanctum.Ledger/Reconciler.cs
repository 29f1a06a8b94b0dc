using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

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
/// its tombstone is closed and that process is never touched. A write-ahead hold with no open tombstone is a
/// freeze the previous run sent but never journaled: if that identity is still stopped it is thawed.
/// </summary>
public static class Reconciler
{
    public static IReadOnlyList<Reconciliation> Plan(
        IEnumerable<Tombstone> open, IEnumerable<DeadmanActed> deadman, IReadOnlyList<ProcRow> table, DateTimeOffset now, IEnumerable<Hold>? holds = null)
    {
        var openList = open.ToArray();
        var rows = table.GroupBy(r => r.Pid).ToDictionary(g => g.Key, g => g.First());
        var closedByDeadman = deadman.Where(d => d.Closes).ToLookup(d => new ProcessIdentity(d.Pid, d.Start));
        var plan = new List<Reconciliation>();
        foreach (var t in openList.OrderBy(t => t.Since))
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

        var journaled = openList.Select(t => t.Identity).ToHashSet();
        foreach (var hold in (holds ?? []).Where(h => !journaled.Contains(h.Identity)).OrderBy(h => h.At))
        {
            var id = hold.Identity;
            var thawedByDeadman = closedByDeadman[id].Any(d => d.At >= hold.At);
            if (!thawedByDeadman && rows.TryGetValue(id.Pid, out var row) && row.StartTime == id.StartTime && row.IsStopped)
            {
                var unjournaled = new Tombstone(id.Pid, id.StartTime, row.Name, Requester.Ledger.ToWire(), "write-ahead hold", hold.At, hold.At);
                plan.Add(new Thaw(unjournaled, $"still stopped by a freeze at {AuditTime.Format(hold.At)} that the guard stopped before it journaled"));
            }
        }

        return plan;
    }
}
