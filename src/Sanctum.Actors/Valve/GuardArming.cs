using Sanctum.Policy.Decisions;

namespace Sanctum.Actors.Valve;

/// <summary>
/// Whether the guard is armed, and the person's decision that made it so. One per guard, created with the root's
/// <c>Props</c> and read by the valve, the sentinel and its probes; only the valve changes it. It lives outside
/// the actors so that no actor restart re-arms a guard a person disarmed (or disarms one a person armed).
/// </summary>
public sealed class GuardArming(bool dryRun)
{
    private volatile Mode _mode = new(dryRun, null);

    public bool DryRun => _mode.DryRun;

    /// <summary>The person's last <c>arm</c>/<c>disarm</c> (this run's, or the journal's from before it); null: the configuration's mode.</summary>
    public ArmingDecision? Decision => _mode.Decision;

    public void Set(ArmingDecision decision) => _mode = new Mode(decision.DryRun, decision);

    private sealed record Mode(bool DryRun, ArmingDecision? Decision);
}
