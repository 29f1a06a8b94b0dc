using Akka.Actor;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Domain;

namespace Sanctum.Actors.Processes;

/// <summary>Every request gets exactly one reply.</summary>
public abstract record OwnerReply(ProcessIdentity Target, Signal Signal, string Reason);

/// <param name="DryRun">True when the signal would have been sent but dry-run is on.</param>
public sealed record Applied(ProcessIdentity Target, Signal Signal, string Reason, bool DryRun) : OwnerReply(Target, Signal, Reason);

public sealed record AlreadyInState(ProcessIdentity Target, Signal Signal, string Reason) : OwnerReply(Target, Signal, Reason);

/// <param name="Until">When the refusal will pass by itself (a cooldown, a rest after a thaw); null when it will not.</param>
public sealed record Refused(ProcessIdentity Target, Signal Signal, string Reason, DateTimeOffset? Until = null) : OwnerReply(Target, Signal, Reason);

public sealed record Deferred(ProcessIdentity Target, Signal Signal, DateTimeOffset Until, string Reason) : OwnerReply(Target, Signal, Reason);

/// <summary>
/// An owner tells the registry it signalled its process (or would have, in dry-run), so <c>sanctum ps</c> lists
/// processes recently acted on; for real signals at most once a minute per owner.
/// </summary>
public sealed record OwnerActedOn(ProcessIdentity Target, DateTimeOffset At);

/// <summary>The scanner's latest reading of this process; <paramref name="ReadAt"/> orders it against our own signals.</summary>
public sealed record RowObserved(ProcRow Row, DateTimeOffset ReadAt);

/// <summary>
/// After a restart, the ledger hands the owner of a process it had frozen the lease it held then
/// (answered with <see cref="LeaseAdopted"/>, or <see cref="Refused"/> when the process is no longer stopped).
/// </summary>
public sealed record AdoptLease(ProcessIdentity Target, FreezeLease Lease);

public sealed record LeaseAdopted(ProcessIdentity Target, DateTimeOffset Until);

/// <summary>Ask an owner for its state (for <c>sanctum ps</c>).</summary>
public sealed record GetOwnerState
{
    public static GetOwnerState Instance { get; } = new();
}

/// <summary>
/// Published by an owner when it takes a valve lease (<paramref name="Until"/>: its latest end) and when the
/// lease ends (null). The sentinel listens so it never counts a probe failure of an intentionally frozen
/// process; owners push it because only they know, and asking ten thousand owners would not scale.
/// </summary>
public sealed record LeaseChanged(ProcessIdentity Target, DateTimeOffset? Until);

/// <summary>Read the process table now: the root's tick, or the pressure sampler when the level rises (it then waits for <see cref="ProcessesScanned"/>).</summary>
public sealed record ScanProcesses(IActorRef? ReplyTo = null)
{
    public static ScanProcesses Instance { get; } = new();
}

/// <summary>The table asked for has been handed to the registry and every reader.</summary>
public sealed record ProcessesScanned
{
    public static ProcessesScanned Instance { get; } = new();
}

/// <summary>
/// Answered with the scanner's first <see cref="TableRead"/>, once read: restart reconciliation plans against it,
/// as it was read before this run signalled anything. Answered once (it is not kept after); already handed to the registry.
/// </summary>
public sealed record GetFirstTable
{
    public static GetFirstTable Instance { get; } = new();
}

/// <summary>The scanner's full reading of the process table.</summary>
public sealed record TableRead(IReadOnlyList<ProcRow> Rows, DateTimeOffset ReadAt);

/// <summary>Deliver <paramref name="Request"/> to the owner of <paramref name="Target"/>; answered with Refused when it is gone.</summary>
public sealed record Route(ProcessIdentity Target, OwnerRequest Request);

/// <summary>Deliver <paramref name="Request"/> to the owner of whatever process has <paramref name="Pid"/> now (a person's <c>sanctum thaw</c>).</summary>
public sealed record RouteByPid(int Pid, OwnerRequest Request);

public sealed record ListOwners(bool All);

public sealed record OwnerList(IReadOnlyList<OwnerSnapshot> Owners);

/// <summary>What <c>sanctum ps</c> shows of one owner.</summary>
public sealed record OwnerSnapshot(ProcRow Row, OwnerTraits Traits, FreezeLease? Lease, FreezeRest? Rest, int FreezesInLastHour);
