using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Sanctum.Configuration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Ledger;

public sealed record DeadmanAction(int Pid, long Start, string Name, string Frozen, string Result);

/// <param name="Heartbeat">The daemon's last beat; null when the file is missing or unreadable.</param>
/// <param name="Problem">Set when the ledger could not be read: nothing was done.</param>
public sealed record DeadmanReport(DateTimeOffset Now, DateTimeOffset? Heartbeat, TimeSpan StaleAfter, bool Stale, IReadOnlyList<DeadmanAction> Actions, string? Problem);

/// <summary>
/// <c>sanctum deadman</c>, run by its own timer while the daemon may be dead: when the heartbeat is older
/// than <c>deadman.stale-after</c> (or missing), thaws every process the ledger says is still frozen.
/// The signal port re-checks each identity's start time, so a reused pid is never signalled. What it did
/// is journaled under its own persistence id, never the daemon's; a restarted daemon reads it and closes
/// those tombstones, and the next deadman run does not act on them again.
/// </summary>
public static class Deadman
{
    public const string PersistenceId = "sanctum-deadman";

    private static readonly TimeSpan JournalTimeout = TimeSpan.FromSeconds(30);

    public static async Task<DeadmanReport> RunAsync(string dataDir, SanctumOptions options, HostPorts ports, Func<DateTimeOffset> clock)
    {
        var now = clock();
        var heartbeat = Heartbeat.ReadTime(dataDir);
        var staleAfter = options.Deadman.StaleAfter;
        if (heartbeat is { } beat && now - beat <= staleAfter)
        {
            return new DeadmanReport(now, heartbeat, staleAfter, false, [], null);
        }

        var db = LedgerSetup.Prepare(options.Persistence, dataDir);
        if (!db.Usable)
        {
            return new DeadmanReport(now, heartbeat, staleAfter, true, [], db.Problem);
        }

        var config = LedgerSetup.Hocon(db).WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING"));
        var system = ActorSystem.Create("sanctum-deadman", config);
        try
        {
            var inbox = Inbox.Create(system);
            system.ActorOf(JournalReader.Props(LedgerSettings.PersistenceId, inbox.Receiver));
            var ledger = await inbox.ReceiveAsync(JournalTimeout) as JournalRead
                ?? throw new InvalidOperationException("the daemon's ledger could not be read");
            var own = system.ActorOf(Akka.Actor.Props.Create(() => new DeadmanJournal()));
            var earlier = await own.Ask<IReadOnlyList<DeadmanActed>>(DeadmanJournal.Read.Instance, JournalTimeout);

            var actions = new List<DeadmanAction>();
            var acts = new List<DeadmanActed>();
            foreach (var t in ledger.State.Open.Values.OrderBy(t => t.Since))
            {
                if (earlier.Any(a => a.Closes && a.Pid == t.Pid && a.Start == t.Start && a.At >= t.Since))
                {
                    continue;
                }

                var result = Thaw(ports, t.Identity);
                actions.Add(new DeadmanAction(t.Pid, t.Start, t.Name, $"{t.Requester} at {AuditTime.Format(t.Since)}: {t.Reason}", result));
                acts.Add(new DeadmanActed(clock(), t.Pid, t.Start, result));
            }

            foreach (var (hold, row) in UnjournaledHoldsStillStopped(dataDir, ledger.State, earlier, ports))
            {
                var result = Thaw(ports, hold.Identity);
                actions.Add(new DeadmanAction(row.Pid, row.StartTime, row.Name, $"stopped at {AuditTime.Format(hold.At)}, never journaled (write-ahead hold)", result));
                acts.Add(new DeadmanActed(clock(), row.Pid, row.StartTime, result));
            }

            if (acts.Count > 0)
            {
                await own.Ask<DeadmanJournal.Recorded>(new DeadmanJournal.Record(acts), JournalTimeout);
            }

            return new DeadmanReport(now, heartbeat, staleAfter, true, actions, null);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or AskTimeoutException)
        {
            return new DeadmanReport(now, heartbeat, staleAfter, true, [], $"the ledger in {dataDir} could not be read: {e.Message}");
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static string Thaw(HostPorts ports, ProcessIdentity identity) =>
        ports.Signals.Send(identity, Signal.Continue) switch
        {
            Delivery.Delivered => DeadmanResults.Thawed,
            Delivery.Gone => DeadmanResults.Gone,
            Delivery.NotPermitted => DeadmanResults.NotPermitted,
            _ => DeadmanResults.Failed,
        };

    /// <summary>Freezes the daemon wrote down (<see cref="HoldFile"/>) but died before journaling, whose process is still stopped.</summary>
    private static IEnumerable<(Hold Hold, ProcRow Row)> UnjournaledHoldsStillStopped(string dataDir, LedgerState ledger, IReadOnlyList<DeadmanActed> earlier, HostPorts ports)
    {
        var holds = HoldFile.ReadFrom(dataDir)
            .Where(h => !ledger.Open.ContainsKey(h.Identity) && !earlier.Any(a => a.Closes && a.Pid == h.Identity.Pid && a.Start == h.Identity.StartTime && a.At >= h.At))
            .ToArray();
        if (holds.Length == 0)
        {
            return [];
        }

        var rows = ports.Processes.Read().Rows.Where(r => r.IsStopped).DistinctBy(r => r.Identity).ToDictionary(r => r.Identity);
        return holds.Where(h => rows.ContainsKey(h.Identity)).Select(h => (h, rows[h.Identity])).ToArray();
    }

    /// <summary>The deadman's own journal: what it did, under <see cref="PersistenceId"/>.</summary>
    private sealed class DeadmanJournal : ReceivePersistentActor
    {
        private readonly List<DeadmanActed> _acts = [];

        public DeadmanJournal()
        {
            Recover<DeadmanActed>(_acts.Add);
            Command<Read>(_ => Sender.Tell((IReadOnlyList<DeadmanActed>)_acts.ToArray()));
            Command<Record>(r =>
            {
                var left = r.Acts.Count;
                PersistAll(r.Acts, a =>
                {
                    _acts.Add(a);
                    if (--left == 0)
                    {
                        Sender.Tell(Recorded.Instance);
                    }
                });
            });
        }

        public override string PersistenceId => Deadman.PersistenceId;

        public sealed record Read
        {
            public static Read Instance { get; } = new();
        }

        public sealed record Record(IReadOnlyList<DeadmanActed> Acts);

        public sealed record Recorded
        {
            public static Recorded Instance { get; } = new();
        }
    }
}
