using Akka.Actor;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Picking;
using Sanctum.Ports;

namespace Sanctum.Actors.Processes;

/// <summary>
/// Parent of exactly one <see cref="ProcessActor"/> per live identity: created when a process appears,
/// told of every change, stopped when it is gone. A reused pid has another start time, so it is another
/// identity and another owner; nothing carries over.
/// </summary>
public sealed class ProcessRegistry : UntypedActor
{
    /// <summary>How long a process signalled by the guard stays in <c>sanctum ps</c> without <c>--all</c>.</summary>
    public static readonly TimeSpan RecentlyActedOn = TimeSpan.FromHours(1);

    /// <summary>Traits are computed once, when the owner is created: the listings (heartbeat, status, ps) run no regex.</summary>
    private readonly Dictionary<ProcessIdentity, (IActorRef Owner, ProcRow Row, OwnerTraits Traits)> _owners = [];
    private readonly Dictionary<ProcessIdentity, DateTimeOffset> _actedOn = [];
    private readonly PickerPolicy _policy;
    private readonly ArbiterSettings _settings;
    private readonly ISignalPort _signals;
    private DateTimeOffset _lastReadAt = DateTimeOffset.MinValue;

    public ProcessRegistry(PickerPolicy policy, ArbiterSettings settings, ISignalPort signals)
    {
        _policy = policy;
        _settings = settings;
        _signals = signals;
        Context.System.Settings.InjectTopLevelFallback(OwnerMailbox.Fallback);
    }

    public static Props Props(PickerPolicy policy, ArbiterSettings settings, ISignalPort signals) =>
        Akka.Actor.Props.Create(() => new ProcessRegistry(policy, settings, signals));

    /// <summary>An owner that throws keeps its lease and history: resume it rather than restart it empty.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(ex => Directive.Resume);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case TableRead table:
                Sync(table);
                break;
            case Route route:
                if (_owners.TryGetValue(route.Target, out var entry))
                {
                    entry.Owner.Forward(route.Request);
                }
                else
                {
                    Sender.Tell(new Refused(route.Target, route.Request.Signal, "process gone (no live owner for this identity)"));
                }

                break;
            case RouteByPid byPid:
                var match = _owners.Keys.Where(k => k.Pid == byPid.Pid).Cast<ProcessIdentity?>().FirstOrDefault();
                if (match is { } id)
                {
                    _owners[id].Owner.Forward(byPid.Request);
                }
                else
                {
                    Sender.Tell(new Refused(new ProcessIdentity(byPid.Pid, 0), byPid.Request.Signal, $"no live process with pid {byPid.Pid}"));
                }

                break;
            case AdoptLease adopt:
                if (_owners.TryGetValue(adopt.Target, out var adopter))
                {
                    adopter.Owner.Forward(adopt);
                }
                else
                {
                    Sender.Tell(new Refused(adopt.Target, Signal.Stop, "process gone (no live owner for this identity)"));
                }

                break;
            case ListOwners list:
                ListTo(Sender, list.All);
                break;
            case OwnerActedOn acted when _owners.ContainsKey(acted.Target):
                _actedOn[acted.Target] = acted.At;
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Sync(TableRead table)
    {
        // A reading older than the last one (a late startup reading, say) would stop owners of newer processes.
        if (table.ReadAt < _lastReadAt)
        {
            return;
        }

        _lastReadAt = table.ReadAt;
        var seen = new HashSet<ProcessIdentity>();
        foreach (var row in table.Rows)
        {
            var id = row.Identity;
            if (!seen.Add(id))
            {
                continue;
            }

            if (_owners.TryGetValue(id, out var entry))
            {
                if (entry.Row != row)
                {
                    entry.Owner.Tell(new RowObserved(row, table.ReadAt));
                    _owners[id] = entry with { Row = row };
                }
            }
            else
            {
                var traits = TraitsOf(row);
                var owner = Context.ActorOf(ProcessActor.Props(OwnerState.Create(row, traits), _settings, _signals).WithMailbox(OwnerMailbox.Id), id.ToString());
                _owners[id] = (owner, row, traits);
            }
        }

        if (seen.Count == _owners.Count)
        {
            return;
        }

        // A PoisonPill, not Context.Stop: requests already in the owner's mailbox are still answered (with
        // "gone"); later ones are answered here, because the identity is no longer in the table.
        foreach (var gone in _owners.Keys.Where(k => !seen.Contains(k)).ToArray())
        {
            // Only a stopped process can hold a freeze; its end closes the ledger's tombstone.
            if (_owners[gone].Row.IsStopped)
            {
                Context.System.EventStream.Publish(new GoneDecision(table.ReadAt, gone, _owners[gone].Row.Name));
            }

            _owners[gone].Owner.Tell(PoisonPill.Instance);
            _owners.Remove(gone);
            _actedOn.Remove(gone);
        }
    }

    private OwnerTraits TraitsOf(ProcRow row)
    {
        string? denied = null;
        if (_policy.ProtectedPids.Contains(row.Pid))
        {
            denied = row.Pid == 1 ? "pid 1 is never signalled" : "protected: the guard itself or its parent";
        }
        else if (Picker.DenialOf(row, _policy) is { } rule)
        {
            denied = $"denied by {rule}: never signalled";
        }

        return new OwnerTraits(denied, Picker.IsCritical(row, _policy), Picker.MatchEntry(row, _policy) is not null);
    }

    /// <summary>Gathers owner snapshots without blocking: a short-lived collector asks them and answers the requester.</summary>
    private void ListTo(IActorRef requester, bool all)
    {
        var now = Context.System.Scheduler.Now;
        var owners = _owners
            .Where(kv => all || kv.Value.Row.IsStopped || kv.Value.Traits.IsAllowlisted || kv.Value.Traits.IsCritical || (_actedOn.TryGetValue(kv.Key, out var at) && now - at < RecentlyActedOn))
            .Select(kv => kv.Value.Owner)
            .ToArray();

        Context.ActorOf(OwnerSnapshotCollector.Props(owners, requester, OwnerSnapshotCollector.DefaultDeadline));
    }
}
