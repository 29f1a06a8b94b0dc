using Akka.Actor;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Planning;

namespace Sanctum.Actors.Valve;

/// <summary>Arm (<c>DryRun = false</c>) or disarm the guard at run time.</summary>
public sealed record SetDryRun(bool DryRun, Requester By);

/// <summary>What a restarted valve gets back from the ledger: ineffective markers, cooldowns still running, and the last arming by a person.</summary>
public sealed record SeedValve(ShedEffectiveness Effectiveness, CooldownBook Cooldowns, ArmingDecision? Arming = null);

/// <summary>
/// Published on the event stream when the valve takes a person's journaled arm/disarm from the ledger's seed at start:
/// the mode now differs from the configured one although no <see cref="ArmingDecision"/> was made in this run (it is
/// not a decision, so nothing journals it again).
/// </summary>
public sealed record ArmingRestored(ArmingDecision Journaled);

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
    RemedyStage EpisodeStage,
    ValveProgress? Progress = null)
{
    /// <summary>The person's last <c>arm</c>/<c>disarm</c>, from this run or journaled before it; null: the mode is the configuration's.</summary>
    public ArmingDecision? LastArming { get; init; }

    /// <summary>The valve waits for the ledger's seed (its journalled arming, markers and cooldowns); what it says may still change.</summary>
    public bool AwaitingSeed { get; init; }
}

/// <summary>
/// Who runs the pre-kill hooks: before routing a kill the valve asks <paramref name="Hooks"/> with <see cref="BeforeKill"/>
/// and routes the kill once it answers or <paramref name="Timeout"/> has passed, whichever comes first (systemd-oomd's prekill).
/// </summary>
public sealed record PreKillGate(IActorRef Hooks, TimeSpan Timeout);

/// <summary>The kill the valve is about to route (as the owner would record it if it is applied), and the target's command line.</summary>
public sealed record BeforeKill(SignalDecision Kill, string Command);

/// <summary>The pre-kill hooks have ended (or were stopped at their timeout).</summary>
public sealed record PreKillDone
{
    public static PreKillDone Instance { get; } = new();
}
