using Akka.Actor;

namespace Sanctum.Actors.Processes;

/// <summary>
/// Gathers owner snapshots for one <see cref="ListOwners"/> without blocking the registry: asks every owner,
/// answers the requester once all have replied or stopped, or with whoever replied by the deadline.
/// </summary>
public sealed class OwnerSnapshotCollector : UntypedActor, IWithTimers
{
    /// <summary>Below the 3 s the heartbeat and the client wait, so a slow owner shortens the list instead of failing the request.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(2);

    private readonly IActorRef _requester;
    private readonly TimeSpan _deadline;
    private readonly HashSet<IActorRef> _waiting;
    private readonly List<OwnerSnapshot> _got = [];

    public OwnerSnapshotCollector(IReadOnlyList<IActorRef> owners, IActorRef requester, TimeSpan deadline)
    {
        _requester = requester;
        _deadline = deadline;
        _waiting = [.. owners];
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<IActorRef> owners, IActorRef requester, TimeSpan deadline) =>
        Akka.Actor.Props.Create(() => new OwnerSnapshotCollector(owners, requester, deadline));

    protected override void PreStart()
    {
        foreach (var owner in _waiting)
        {
            // An owner that stops before it answers (its process ended) counts as answered, not as a reason to wait.
            Context.Watch(owner);
            owner.Tell(GetOwnerState.Instance);
        }

        Timers.StartSingleTimer("deadline", ReceiveTimeout.Instance, _deadline);
        Finish();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case OwnerSnapshot snapshot when _waiting.Remove(Sender):
                _got.Add(snapshot);
                Context.Unwatch(Sender);
                break;
            case Terminated gone:
                _waiting.Remove(gone.ActorRef);
                break;
            case ReceiveTimeout:
                _waiting.Clear();
                break;
        }

        Finish();
    }

    private void Finish()
    {
        if (_waiting.Count > 0)
        {
            return;
        }

        _requester.Tell(new OwnerList(_got.OrderBy(o => o.Row.Pid).ToArray()));
        Context.Stop(Self);
    }
}
