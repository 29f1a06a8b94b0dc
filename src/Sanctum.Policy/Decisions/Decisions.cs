using Sanctum.Policy.Classification;
using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Decisions;

public enum Requester
{
    Valve,
    Sentinel,
    Lease,
    Ledger,
    User,
}

public enum Outcome
{
    /// <summary>Sent to the OS.</summary>
    Applied,

    /// <summary>The target was already in that state; nothing sent.</summary>
    Already,
    Refused,
    Deferred,
    Skipped,

    /// <summary>Would have been sent; dry-run is on.</summary>
    DryRun,
}

public static class DecisionWire
{
    public static string ToWire(this Requester r) => r.ToString().ToLowerInvariant();

    public static string ToWire(this Outcome o) => o switch
    {
        Outcome.DryRun => "dry-run",
        _ => o.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// Every decision the system takes, published on the event stream: the replay prints them, the ledger
/// journals them, <c>sanctum why</c> and <c>history</c> read them back. Every consumer reads one through
/// <see cref="DecisionRecord.Of"/>; only this assembly can add a kind, so that mapping sees them all.
/// </summary>
public abstract record Decision
{
    private protected Decision(DateTimeOffset at) => At = at;

    public DateTimeOffset At { get; init; }
}

public sealed record LevelChanged(DateTimeOffset At, PressureLevel From, PressureLevel To, PressureClassification Raw, PressureSample Sample) : Decision(At);

/// <param name="LeaseUntil">For an applied valve freeze: when its lease ends at the latest. For a deferral: when the resume will happen.</param>
public sealed record SignalDecision(
    DateTimeOffset At,
    ProcessIdentity Target,
    string Name,
    long RssMb,
    Signal Signal,
    Requester By,
    Outcome Outcome,
    string Reason,
    PressureLevel Level,
    DateTimeOffset? LeaseUntil = null) : Decision(At);

public sealed record ShedDecision(DateTimeOffset At, string Label, Requester By, Outcome Outcome, string Reason, PressureLevel Level) : Decision(At);

/// <param name="SkipFor">How long the target is left alone now (a shed skipped, a recovery backed off); null when it is not.</param>
/// <param name="OfRecovery">True for a service probe's recovery (judged by the probe passing again, so <paramref name="DeltaMb"/> is 0); false for a shed.</param>
public sealed record EvaluationDecision(DateTimeOffset At, string Target, bool Effective, long DeltaMb, TimeSpan? SkipFor, bool OfRecovery = false) : Decision(At);

public sealed record EscalationDecision(DateTimeOffset At, string From, string To, string Reason) : Decision(At);

public sealed record AlertDecision(DateTimeOffset At, PressureLevel Level, string Reason) : Decision(At);

/// <summary>Something outside the guard resumed a process the valve held frozen; its lease is dropped.</summary>
public sealed record OverrideDecision(DateTimeOffset At, ProcessIdentity Target, string Name, string Reason) : Decision(At);

/// <summary>A process last seen stopped left the process table: whatever froze it is over.</summary>
public sealed record GoneDecision(DateTimeOffset At, ProcessIdentity Target, string Name) : Decision(At);

public sealed record RespawnLoopDecision(DateTimeOffset At, string Label, int RespawnsInLastHour) : Decision(At);

/// <summary>One probe result worth recording: every failure, and a pass that changes the picture.</summary>
/// <param name="Failures">Consecutive counted failures, after this one.</param>
/// <param name="Of">The failures that trigger a recovery.</param>
/// <param name="Counted">False for a failure that does not count: the process is frozen by the valve, the stack behind it is down, or a recovery is still in its grace.</param>
public sealed record ProbeDecision(DateTimeOffset At, string Service, bool Passed, int Failures, int Of, bool Counted, string Reason) : Decision(At);

/// <summary>A service probe's recovery commands: run (<see cref="Outcome.Applied"/>), failed (<see cref="Outcome.Refused"/>) or not run under dry-run.</summary>
public sealed record RecoveryDecision(DateTimeOffset At, string Service, Outcome Outcome, string Reason) : Decision(At);

/// <summary>The guard was armed (<paramref name="DryRun"/> false) or disarmed at run time.</summary>
public sealed record ArmingDecision(DateTimeOffset At, bool DryRun, Requester By) : Decision(At);
