using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Planning;

namespace Sanctum.Actors.Valve;

/// <summary>Arm (<c>DryRun = false</c>) or disarm the guard at run time.</summary>
public sealed record SetDryRun(bool DryRun, Requester By);

/// <summary>What a restarted valve gets back from the ledger: ineffective markers and cooldowns still running.</summary>
public sealed record SeedValve(ShedEffectiveness Effectiveness, CooldownBook Cooldowns);

public sealed record GetValveStatus
{
    public static GetValveStatus Instance { get; } = new();
}

public sealed record LastAction(DateTimeOffset At, string What, string Outcome);

public sealed record ValveStatus(
    PressureLevel Level,
    PressureSample? Sample,
    bool DryRun,
    LastAction? LastAction,
    IReadOnlyList<ActiveSkip> IneffectiveTargets,
    RemedyStage EpisodeStage);
