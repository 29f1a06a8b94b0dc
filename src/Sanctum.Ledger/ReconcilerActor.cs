using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Ledger;

public sealed record ReconcileOutcome(Reconciliation Step, string Result);

public sealed record ReconcileDone(IReadOnlyList<ReconcileOutcome> Outcomes);

/// <summary>
/// Runs <see cref="Reconciler.Plan"/> once at start: waits for the recovered ledger, the deadman's record and
/// the scanner's first table (which the scanner has already handed to the registry, so every stopped identity
/// has its owner), then has owners re-adopt or thaw, and records every outcome with requester <c>ledger</c>.
/// Stops when done.
/// </summary>
public sealed class ReconcilerActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _ledger;
    private readonly IActorRef _registry;
    private readonly IActorRef _scanner;
    private readonly IActorRef? _replyTo;
    private readonly string _deadmanId;
    private readonly IHoldJournal? _holds;
    private readonly Dictionary<ProcessIdentity, Reconciliation> _waiting = [];
    private readonly List<ReconcileOutcome> _outcomes = [];
    private LedgerState? _state;
    private TableRead? _table;
    private IReadOnlyList<DeadmanActed>? _deadman;

    public ReconcilerActor(IActorRef ledger, IActorRef registry, IActorRef scanner, IActorRef? replyTo, string deadmanPersistenceId, IHoldJournal? holds)
    {
        _holds = holds;
        _ledger = ledger;
        _registry = registry;
        _scanner = scanner;
        _replyTo = replyTo;
        _deadmanId = deadmanPersistenceId;

        Receive<LedgerState>(s =>
        {
            _state = s;
            Start();
        });
        Receive<TableRead>(t =>
        {
            _table = t;
            Start();
        });
        Receive<JournalRead>(r =>
        {
            _deadman = r.DeadmanActs;
            Start();
        });
        Receive<Status.Failure>(f =>
        {
            _log.Warning(f.Cause, "the deadman's record could not be read; reconciling without it");
            _deadman = [];
            Start();
        });
        Receive<LeaseAdopted>(a => Answered(a.Target, null));
        Receive<Applied>(a => Answered(a.Target, null));
        Receive<OwnerReply>(r => Answered(r.Target, r.Reason));
        Receive<GiveUp>(_ =>
        {
            foreach (var step in _waiting.Values.ToArray())
            {
                Answered(step.Tombstone.Identity, "no answer from its owner");
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="scanner">Asked for its first table (<see cref="GetFirstTable"/>).</param>
    /// <param name="holds">The write-ahead holds: unjournaled freezes still stopped are thawed, the rest released.</param>
    public static Props Props(IActorRef ledger, IActorRef registry, IActorRef scanner, IActorRef? replyTo = null, string deadmanPersistenceId = Deadman.PersistenceId, IHoldJournal? holds = null) =>
        Akka.Actor.Props.Create(() => new ReconcilerActor(ledger, registry, scanner, replyTo, deadmanPersistenceId, holds));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        _ledger.Tell(GetLedgerState.Instance);
        _scanner.Tell(GetFirstTable.Instance);
        Context.ActorOf(JournalReader.Props(_deadmanId, Self), "deadman-record");
    }

    private void Start()
    {
        if (_state is null || _deadman is null || _table is null)
        {
            return;
        }

        // Only what an earlier run left behind: a freeze this run made while the ledger recovered is its own.
        var earlierHolds = _holds?.Held().Where(h => h.At < _table.ReadAt).ToArray() ?? [];
        var plan = Reconciler.Plan(_state.Open.Values.Where(t => t.Since < _table.ReadAt), _deadman, _table.Rows, Now, earlierHolds);
        var stillHeld = plan.Where(p => p is Readopt or Thaw).Select(p => p.Tombstone.Identity).ToHashSet();
        foreach (var stale in earlierHolds.Where(h => !stillHeld.Contains(h.Identity)))
        {
            // Gone, running, reused or journaled and closed: nothing of this run stops it (an owner's thaw releases the others).
            _holds!.Release(stale.Identity);
        }

        foreach (var step in plan)
        {
            var id = step.Tombstone.Identity;
            switch (step)
            {
                case Readopt r:
                    _waiting[id] = step;
                    _registry.Tell(new AdoptLease(id, r.Lease));
                    break;
                case Thaw:
                    _waiting[id] = step;
                    _registry.Tell(new Route(id, new Resume(Requester.Ledger, step.Why, PressureLevel.Green, DryRun: false)));
                    break;
                default:
                    CloseTombstone(step, step.Why);
                    _outcomes.Add(new ReconcileOutcome(step, "closed"));
                    break;
            }
        }

        Timers.StartSingleTimer("give-up", GiveUp.Instance, TimeSpan.FromSeconds(10));
        FinishIfDone();
    }

    /// <param name="refusal">Null when the owner did it; otherwise why not, and the tombstone is closed.</param>
    private void Answered(ProcessIdentity id, string? refusal)
    {
        if (!_waiting.Remove(id, out var step))
        {
            return;
        }

        if (refusal is not null)
        {
            CloseTombstone(step, $"{Verb(step)} refused: {refusal}");
            _outcomes.Add(new ReconcileOutcome(step, $"closed ({Verb(step)} refused: {refusal})"));
        }
        else if (step is Readopt)
        {
            // A thaw is recorded by the owner's own decision; an adoption sends no signal, so it is recorded here.
            _ledger.Tell(new RecordEvents([Record(step, "adopt", step.Why)]));
            _outcomes.Add(new ReconcileOutcome(step, "re-adopted"));
        }
        else
        {
            _outcomes.Add(new ReconcileOutcome(step, "thawed"));
        }

        FinishIfDone();
    }

    private void CloseTombstone(Reconciliation step, string why)
    {
        var t = step.Tombstone;
        _ledger.Tell(new RecordEvents([Record(step, "close", why), new FreezeClosed(Now, t.Pid, t.Start, Requester.Ledger.ToWire(), why)]));
    }

    private DecisionRecorded Record(Reconciliation step, string action, string why) =>
        new(Now, "reconcile", step.Tombstone.Identity.ToString(), action, Requester.Ledger.ToWire(), "applied", why, "", step.Tombstone.Name);

    private void FinishIfDone()
    {
        if (_waiting.Count > 0)
        {
            return;
        }

        foreach (var o in _outcomes)
        {
            _log.Info("reconcile {0} ({1}): {2} — {3}", o.Step.Tombstone.Identity, o.Step.Tombstone.Name, o.Result, o.Step.Why);
        }

        _replyTo?.Tell(new ReconcileDone(_outcomes.ToArray()));
        Context.Stop(Self);
    }

    private static string Verb(Reconciliation step) => step is Readopt ? "re-adoption" : "thaw";

    private sealed record GiveUp
    {
        public static GiveUp Instance { get; } = new();
    }
}
