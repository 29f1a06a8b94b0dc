using Sanctum.Policy.Domain;
using Sanctum.Policy.Picking;
using Sanctum.Policy.Planning;
using Xunit;
using static Sanctum.Policy.Tests.Policy.Rows;

namespace Sanctum.Policy.Tests.Policy;

public sealed class PlannerTests
{
    private static readonly PickerPolicy Policy = Defaults.PickerPolicy();

    private static Plan PlanFor(PressureLevel level, IEnumerable<ProcRow> rows, PlanGates? gates = null) =>
        Planner.Plan(level, Picker.Rank(rows, Policy, includeStopped: true), Defaults.Valve.Shed, gates ?? PlanGates.Open);

    [Fact]
    public void RedActionForSanctumMlxIsStopNeverKill()
    {
        var plan = PlanFor(PressureLevel.Red, PanicTable);

        var freeze = Assert.IsType<FreezeProcess>(plan.Action);
        Assert.Equal(9221, freeze.Target.Row.Pid);
    }

    [Fact]
    public void MlxAboveFloorIsSigstopNeverKill()
    {
        foreach (var rss in new long[] { 20_000, 40_000, 120_000 })
        {
            var plan = PlanFor(PressureLevel.Red, [Row(9221, "sanctum-mlx", rss, "R", "python -m sanctum_mlx.server")]);

            Assert.IsType<FreezeProcess>(plan.Action);
        }
    }

    [Fact]
    public void WithoutLlmWorkloadsQemuIsKillAllowed()
    {
        var qemu = Row(4410, "qemu-system-aarch64", 9_000, "S", "/opt/homebrew/bin/qemu-system-aarch64 -m 9000");

        var kill = Assert.IsType<KillProcess>(PlanFor(PressureLevel.Red, [qemu]).Action);

        Assert.Equal(4410, kill.Target.Row.Pid);
        Assert.False(kill.Escalated);
    }

    [Fact]
    public void QemuBelowMinKillAtRedIsFrozen()
    {
        var qemu = Row(4410, "qemu-system-aarch64", 4_608, "S", "qemu-system-aarch64 -m 4096");

        Assert.IsType<FreezeProcess>(PlanFor(PressureLevel.Red, [qemu]).Action);
    }

    [Fact]
    public void NothingIsEverKilledBelowRed()
    {
        var qemu = Row(4410, "qemu-system-aarch64", 30_000, "S", "qemu-system-aarch64 -m 30000");
        var frozenQemu = qemu with { State = "T" };

        Assert.IsType<FreezeProcess>(PlanFor(PressureLevel.Orange, [qemu]).Action);
        Assert.IsNotType<KillProcess>(PlanFor(PressureLevel.Orange, [frozenQemu], new PlanGates(_ => null, _ => null, _ => new Hold("down"))).Action);
    }

    [Theory]
    [InlineData(PressureLevel.Green)]
    [InlineData(PressureLevel.Yellow)]
    public void GreenAndYellowOnlyObserve(PressureLevel level) =>
        Assert.IsType<Observe>(PlanFor(level, PanicTable).Action);

    [Fact]
    public void OrangeWithNoCandidateShedsTier3First()
    {
        var shed = Assert.IsType<ShedService>(PlanFor(PressureLevel.Orange, [LmStudioShim(state: "T")]).Action);

        Assert.Equal("com.sanctum.kiwix-serve", shed.Label);
        Assert.Equal(3, shed.Tier);
    }

    [Fact]
    public void IneffectiveLabelsAreSkippedThroughToTier2()
    {
        var tier3 = Defaults.Valve.Shed.Tier3;
        var gates = new PlanGates(_ => null, _ => null, label => tier3.Contains(label) ? new Hold("ineffective") : null);

        var plan = PlanFor(PressureLevel.Orange, [], gates);

        var shed = Assert.IsType<ShedService>(plan.Action);
        Assert.Equal("com.sanctum.memory-vault", shed.Label);
        Assert.Equal(tier3, plan.Skipped.Select(s => s.Target));
        Assert.All(plan.Skipped, s => Assert.Equal("ineffective", s.Reason));
    }

    [Fact]
    public void AnAllowlistedProcessTheDenylistKeepsOutIsPassedOverNamingTheRule()
    {
        var hidden = Row(45013, "node", 8_600, "S", "/home/neo/sanctumd-build/.lmstudio/node llmworker.js");
        var rows = new[] { hidden };

        var plan = Planner.Plan(
            PressureLevel.Orange,
            Picker.Rank(rows, Policy, includeStopped: true),
            Defaults.Valve.Shed,
            new PlanGates(_ => null, _ => null, _ => new Hold("ineffective")),
            rows.Select(r => Picker.ClassifyDenied(r, Policy)).OfType<DeniedCandidate>().ToArray());

        Assert.IsType<RaiseAlert>(plan.Action);
        Assert.Contains(new SkipNote("node (pid 45013)", "denied by denylist \"sanctumd\""), plan.Skipped);
    }

    [Fact]
    public void OrangeWithNothingLeftAlertsInsteadOfKilling()
    {
        var frozenQemu = Row(4410, "qemu-system-aarch64", 30_000, "T", "qemu-system-aarch64");

        var plan = PlanFor(PressureLevel.Orange, [frozenQemu], new PlanGates(_ => null, _ => null, _ => new Hold("ineffective")));

        var alert = Assert.IsType<RaiseAlert>(plan.Action);
        Assert.Equal(PressureLevel.Orange, alert.Level);
    }

    [Fact]
    public void RedEscalatesToKillingAFrozenKillAllowedCandidateOnceShedsRunOut()
    {
        var frozenQemu = Row(4410, "qemu-system-aarch64", 30_000, "T", "qemu-system-aarch64");

        var plan = PlanFor(PressureLevel.Red, [frozenQemu], new PlanGates(_ => null, _ => null, _ => new Hold("ineffective")));

        var kill = Assert.IsType<KillProcess>(plan.Action);
        Assert.True(kill.Escalated);
        Assert.Equal(RemedyStage.KillEscalation, kill.Stage);
    }

    [Fact]
    public void RedWithNothingAtAllAlerts() =>
        Assert.IsType<RaiseAlert>(PlanFor(PressureLevel.Red, [], new PlanGates(_ => null, _ => null, _ => new Hold("down"))).Action);

    [Fact]
    public void NoAlertWhileARemedyIsStillCoolingDown()
    {
        var gates = new PlanGates(_ => null, _ => null, label => label == "com.sanctum.memory-vault"
            ? new Hold("shed, waiting for its evaluation", Temporary: true)
            : new Hold("not running"));

        var plan = PlanFor(PressureLevel.Orange, [LmStudioShim(state: "T")], gates);

        var wait = Assert.IsType<Wait>(plan.Action);
        Assert.Contains("memory-vault", wait.Reason);
        Assert.Equal(RemedyStage.Observe, wait.Stage);
    }

    [Fact]
    public void AFreezeTheValveJustAppliedIsGivenTimeBeforeAnAlert()
    {
        var justFrozen = new PlanGates(_ => new Hold("cooldown: 115s left", Temporary: true), _ => null, _ => new Hold("not running"));
        var longAgo = new PlanGates(_ => null, _ => null, _ => new Hold("not running"));

        Assert.IsType<Wait>(PlanFor(PressureLevel.Orange, [LmStudioShim(state: "T")], justFrozen).Action);
        Assert.IsType<RaiseAlert>(PlanFor(PressureLevel.Orange, [LmStudioShim(state: "T")], longAgo).Action);
    }

    [Fact]
    public void ACandidateRefusedByItsGateFallsThroughToTheNext()
    {
        var gates = new PlanGates(c => c.Row.Pid == 9221 ? new Hold("cooldown 100s left", Temporary: true) : null, _ => null, _ => null);

        var plan = PlanFor(PressureLevel.Orange, PanicTable, gates);

        var freeze = Assert.IsType<FreezeProcess>(plan.Action);
        Assert.NotEqual(9221, freeze.Target.Row.Pid);
        Assert.Equal("cooldown 100s left", Assert.Single(plan.Skipped).Reason);
    }
}
