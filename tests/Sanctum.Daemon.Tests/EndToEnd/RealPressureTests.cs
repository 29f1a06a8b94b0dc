using Xunit;

using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>
/// The built daemon, armed, against real memory pressure from children of its own (sanctum-memhog, at most 1 GB
/// each): the thresholds sit below the MemAvailable read at the start of the test, every other key is shipped.
/// Nothing here is scripted: the daemon reads /proc/meminfo and signals real processes.
/// </summary>
public sealed class RealPressureTests : IDisposable
{
    private const int CapMb = 1000;
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void AnAllocatingChildIsFrozenLongBeforeItsCapAKillAllowedOneIsKilledAtRedADeniedOneIsNeverTouched()
    {
        var available = Sandbox.MemAvailableMb();
        var frozen = $"{_box.Tag}-freeze";
        var killed = $"{_box.Tag}-kill";
        var denied = $"{_box.Tag}-deny";
        // The daemon itself takes 100-200 MB as it starts: ORANGE leaves the children a few hundred MB more.
        var config = _box.Write("real.conf", $$"""
            sanctum.valve.thresholds {
              yellow { available-mb = {{available - 450}}, swap-percent = 98 }
              orange { available-mb = {{available - 650}}, swap-percent = 99 }
              red    { available-mb = {{available - 1500}}, swap-percent = 100 }
            }
            sanctum.valve.allowlist = [
              { name = "e2e-freeze", match = "{{frozen}}", policy = sigstop-only, min-stop-mb = 0 }
              { name = "e2e-kill", match = "{{killed}}", policy = kill-allowed, min-stop-mb = 0, min-kill-mb = 0 }
              { name = "e2e-any", match = "{{_box.Tag}}", policy = kill-allowed, min-stop-mb = 0, min-kill-mb = 0 }
            ]
            sanctum.valve.denylist = [ "{{denied}}" ]
            """);
        var daemon = _box.StartDaemon("--config", config, "--data-dir", Path.Combine(_box.Dir, "data"), "--armed");
        daemon.WaitUntil(() => daemon.Output.Contains("took the ledger's seed", StringComparison.Ordinal), Soon, "the daemon to take its ledger seed");

        // A sigstop-only child allocating 300 MB/s is frozen where it crosses ORANGE, far below its 1 GB cap.
        var hog = _box.StartHog(frozen, rateMb: 300, capMb: CapMb);
        daemon.WaitUntil(() => Sandbox.StateOf(hog) == "T", Soon, "the allocating child to be frozen");
        var rssAtFreeze = Sandbox.RssMbOf(hog);
        Assert.True(rssAtFreeze < CapMb - 200, $"frozen only at {rssAtFreeze} MB of its {CapMb} MB cap; output:\n{daemon.Output}");

        // A denylisted child (also matched by an allowlist entry) pushes the host past RED; the kill-allowed child,
        // frozen at ORANGE, is killed once RED has lasted confirm.kill-after. The denylisted one is never signalled.
        var victim = _box.StartHog(killed, rateMb: 300, capMb: 150);
        var bully = _box.StartHog(denied, rateMb: 300, capMb: CapMb);
        void DeniedNeverStopped() => Assert.True(Sandbox.StateOf(bully) != "T", $"the denylisted child was stopped; output:\n{daemon.Output}");
        daemon.WaitUntil(() => Sandbox.StateOf(victim) == "gone", TimeSpan.FromSeconds(45), "the kill-allowed child to be killed at RED", DeniedNeverStopped);

        // The action log line follows the signal; it is written a moment later.
        daemon.WaitUntil(
            () => daemon.Output.Contains($"action=SIGKILL {Path.GetFileName(Sandbox.HogPath)} (pid {victim}", StringComparison.Ordinal),
            Soon,
            "the kill to be logged",
            DeniedNeverStopped);
        Assert.DoesNotContain($"(pid {bully}, rss", daemon.Output, StringComparison.Ordinal);
        Assert.Equal("T", Sandbox.StateOf(hog));
        DeniedNeverStopped();
    }
}
