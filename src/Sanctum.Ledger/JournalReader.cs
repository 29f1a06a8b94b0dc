using Akka.Actor;
using Akka.Persistence;

namespace Sanctum.Ledger;

/// <summary>The events of one persistence id, read without ever writing to it.</summary>
public sealed record JournalRead(LedgerState State, IReadOnlyList<DeadmanActed> DeadmanActs);

/// <summary>
/// Recovers a persistence id it does not own (the deadman reading the daemon's ledger, the reconciler
/// reading the deadman's record), answers <see cref="JournalRead"/> to <c>replyTo</c> and stops. It never persists.
/// </summary>
public sealed class JournalReader : ReceivePersistentActor
{
    private LedgerState _state = LedgerState.Empty;
    private readonly List<DeadmanActed> _acts = [];
    private readonly IActorRef _replyTo;

    public JournalReader(string persistenceId, IActorRef replyTo)
    {
        PersistenceId = persistenceId;
        _replyTo = replyTo;
        Recover<SnapshotOffer>(o => _state = LedgerState.FromSnapshot((LedgerSnapshot)o.Snapshot));
        Recover<DeadmanActed>(_acts.Add);
        Recover<ILedgerEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            replyTo.Tell(new JournalRead(_state, _acts.ToArray()));
            Context.Stop(Self);
        });
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId, IActorRef replyTo) =>
        Akka.Actor.Props.Create(() => new JournalReader(persistenceId, replyTo));

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        _replyTo.Tell(new Status.Failure(reason));
        base.OnRecoveryFailure(reason, message);
    }
}
