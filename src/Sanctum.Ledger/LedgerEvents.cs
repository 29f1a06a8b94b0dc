namespace Sanctum.Ledger;

/// <summary>Everything the ledger journals or snapshots; bound to <see cref="LedgerSerializer"/>.</summary>
public interface ILedgerMessage;

/// <summary>
/// A journaled ledger event. These are the ledger's own, versioned records with primitive fields, not the
/// actors' decision messages: renaming a policy type must never make an old journal unreadable.
/// </summary>
public interface ILedgerEvent : ILedgerMessage
{
    DateTimeOffset At { get; }
}

/// <summary>A valve SIGSTOP was applied: the process stays frozen at most until <paramref name="LeaseUntil"/>.</summary>
public sealed record FreezeOpened(DateTimeOffset At, int Pid, long Start, string Name, string Requester, string Reason, DateTimeOffset LeaseUntil) : ILedgerEvent;

/// <summary>The freeze of this identity is over (thawed, killed, gone, resumed from outside, reconciled).</summary>
public sealed record FreezeClosed(DateTimeOffset At, int Pid, long Start, string By, string Reason) : ILedgerEvent;

/// <summary>One decision of any kind, compact: what was asked of what, by whom, and what came of it.</summary>
/// <param name="Target">A process identity (<c>pid-start</c>), a service label, or empty.</param>
/// <param name="Name">The process's name when <paramref name="Target"/> is a process. Added to decision.v1 later: older events read with null.</param>
public sealed record DecisionRecorded(DateTimeOffset At, string Kind, string Target, string Action, string By, string Outcome, string Reason, string Level, string? Name = null) : ILedgerEvent;

/// <summary>A shed or kill judged when its cooldown ended; <paramref name="SkipUntil"/> is set when it started a skip window.</summary>
public sealed record EvaluationRecorded(DateTimeOffset At, string Target, bool Effective, long DeltaMb, DateTimeOffset? SkipUntil) : ILedgerEvent;

/// <summary>The valve may not repeat <paramref name="Action"/> on <paramref name="Target"/> before <paramref name="Until"/>.</summary>
public sealed record CooldownStarted(DateTimeOffset At, string Target, string Action, DateTimeOffset Until) : ILedgerEvent;

/// <summary>
/// The deadman's own record (persistence id <c>sanctum-deadman</c>): what it did to one tombstoned identity.
/// <paramref name="Result"/> is <c>thawed</c>, <c>gone</c>, <c>not-permitted</c> or <c>failed</c>.
/// </summary>
public sealed record DeadmanActed(DateTimeOffset At, int Pid, long Start, string Result) : ILedgerEvent
{
    /// <summary>The tombstone is finished with: the process runs again or no longer exists.</summary>
    public bool Closes => Result is DeadmanResults.Thawed or DeadmanResults.Gone;
}

public static class DeadmanResults
{
    public const string Thawed = "thawed";
    public const string Gone = "gone";
    public const string NotPermitted = "not-permitted";
    public const string Failed = "failed";
}
