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
/// <param name="Stale">The guard was judged dead (<see cref="DeadmanVerdicts.Silent"/> or <see cref="DeadmanVerdicts.Stalled"/>) and the ledger's tombstones acted on.</param>
/// <param name="Verdict">One of <see cref="DeadmanVerdicts"/>.</param>
/// <param name="LastReading">The last pressure reading the daemon's valve acted on, as its heartbeat says.</param>
public sealed record DeadmanReport(
    DateTimeOffset Now,
    DateTimeOffset? Heartbeat,
    TimeSpan StaleAfter,
    bool Stale,
    IReadOnlyList<DeadmanAction> Actions,
    string? Problem,
    string Verdict = DeadmanVerdicts.Alive,
    DateTimeOffset? LastReading = null);

public static class DeadmanVerdicts
{
    /// <summary>The heartbeat is fresh and the valve acts on readings: nothing to do.</summary>
    public const string Alive = "alive";

    /// <summary>No daemon holds the data folder and the heartbeat is stale or missing: the deadman thaws.</summary>
    public const string Silent = "silent";

    /// <summary>The heartbeat is fresh but says stalled, its valve having acted on no reading for longer than stale-after: dead as a guard, the deadman thaws.</summary>
    public const string Stalled = "stalled";

    /// <summary>A daemon holds the data folder but its heartbeat is stale (a full disk, a loaded host): alive, left to systemd's watchdog.</summary>
    public const string Held = "held";
}

/// <summary>
/// <c>sanctum deadman</c>, run by its own timer while the daemon may be dead: when the heartbeat is older
/// than <c>deadman.stale-after</c> (or missing), or says the valve has acted on no reading for that long, thaws
/// every process the ledger says is still frozen. It and a live daemon never undo each other's work: the
/// daemon's data-folder lock (<see cref="DataDirLock"/>) decides. While a daemon holds it, only a stalled valve
/// in a fresh heartbeat makes the deadman act (a stale heartbeat from a daemon that is still there is a full disk
/// or a loaded host, and systemd's watchdog restarts one that has stopped); when none holds it, the deadman holds
/// it for its run, so no daemon starts freezing while it thaws.
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
        var beat = Heartbeat.Read(dataDir);
        var staleAfter = options.Deadman.StaleAfter;
        using var folder = TryHoldDataFolder(dataDir, out var daemonHoldsIt);
        var verdict = Judge(now, beat, daemonHoldsIt, staleAfter);
        var heartbeat = beat?.Time;
        DeadmanReport Report(bool stale, IReadOnlyList<DeadmanAction> actions, string? problem) =>
            new(now, heartbeat, staleAfter, stale, actions, problem, verdict, beat?.LastReading);
        if (verdict is DeadmanVerdicts.Alive or DeadmanVerdicts.Held)
        {
            return Report(false, [], null);
        }

        var db = LedgerSetup.Prepare(options.Persistence, dataDir);
        if (!db.Usable)
        {
            return Report(true, [], db.Problem);
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

            return Report(true, actions, null);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or AskTimeoutException)
        {
            return Report(true, [], $"the ledger in {dataDir} could not be read: {e.Message}");
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

    /// <summary>The rule: which of <see cref="DeadmanVerdicts"/> a beat and the data-folder lock add up to.</summary>
    public static string Judge(DateTimeOffset now, HeartbeatBeat? beat, bool daemonHoldsLock, TimeSpan staleAfter)
    {
        var fresh = beat is { } b && now - b.Time <= staleAfter;

        // Measured at the beat, on the daemon's clock, and only once the daemon itself says stalled: a healthy valve's
        // last reading is up to a tick older than its beat, and stale-after may be shorter than that.
        if (fresh && beat! is { Stalled: true, LastReading: { } reading } && beat.Time - reading > staleAfter)
        {
            return DeadmanVerdicts.Stalled;
        }

        return fresh ? DeadmanVerdicts.Alive : daemonHoldsLock ? DeadmanVerdicts.Held : DeadmanVerdicts.Silent;
    }

    /// <summary>The daemon's lock, held for the deadman's run; null when a daemon holds it, or it cannot be opened (then only the heartbeat decides).</summary>
    private static DataDirLock? TryHoldDataFolder(string dataDir, out bool daemonHoldsIt)
    {
        try
        {
            var held = DataDirLock.TryAcquire(dataDir);
            daemonHoldsIt = held is null;
            return held;
        }
        catch (UnauthorizedAccessException)
        {
            daemonHoldsIt = false;
            return null;
        }
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
