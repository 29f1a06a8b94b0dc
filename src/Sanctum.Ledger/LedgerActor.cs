using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace Sanctum.Ledger;

/// <summary>
/// The journal writer: persists the batches its parent (<see cref="LedgerSupervisor"/>) sends, one at a
/// time, and acknowledges each. Snapshots every <c>SnapshotEvery</c> events and then deletes the events
/// and snapshots behind it, so recovery reads one snapshot and a short tail. A write failure stops it
/// (Akka.Persistence's rule); the parent keeps the batch and starts a new writer after a backoff.
/// </summary>
public sealed class LedgerActor : ReceivePersistentActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly int _snapshotEvery;
    private LedgerState _state = LedgerState.Empty;
    private long _snapshotAt;
    private long _writing = -1;
    private bool _writeRejected;

    public LedgerActor(string persistenceId, int snapshotEvery)
    {
        PersistenceId = persistenceId;
        _snapshotEvery = snapshotEvery;

        Recover<SnapshotOffer>(o =>
        {
            _state = LedgerState.FromSnapshot((LedgerSnapshot)o.Snapshot);
            _snapshotAt = o.Metadata.SequenceNr;
        });
        Recover<ILedgerEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Context.Parent.Tell(new WriterRecovered(_state)));

        Command<PersistBatch>(Write);
        Command<SaveSnapshotSuccess>(s =>
        {
            DeleteMessages(s.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "ledger snapshot failed; recovery reads more events until the next one"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "ledger could not delete events behind its snapshot"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "ledger could not delete old snapshots"));
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId, int snapshotEvery) =>
        Akka.Actor.Props.Create(() => new LedgerActor(persistenceId, snapshotEvery));

    private void Write(PersistBatch batch)
    {
        _writing = batch.Id;
        _writeRejected = false;
        var left = batch.Events.Count;
        PersistAll(batch.Events, e =>
        {
            _state = _state.Apply(e);
            if (--left > 0)
            {
                return;
            }

            Context.Parent.Tell(new BatchPersisted(batch.Id));
            if (LastSequenceNr - _snapshotAt >= _snapshotEvery)
            {
                _snapshotAt = LastSequenceNr;
                SaveSnapshot(_state.ToSnapshot());
            }
        });
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        base.OnPersistRejected(cause, @event, sequenceNr);
        // One report per write: a rejected write answers once for each of its events. A retry of the same batch is a
        // new write, and its rejection must be reported too, or the supervisor would wait for an answer that never comes.
        if (!_writeRejected)
        {
            _writeRejected = true;
            Context.Parent.Tell(new BatchRejected(_writing, $"journal rejected a write: {cause.Message}"));
        }
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Context.Parent.Tell(new WriterFailing($"journal write failed: {cause.Message}"));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Context.Parent.Tell(new WriterFailing($"journal could not be read: {reason.Message}"));
        base.OnRecoveryFailure(reason, message);
    }
}
