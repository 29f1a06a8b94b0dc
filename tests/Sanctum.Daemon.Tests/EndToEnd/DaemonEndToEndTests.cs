using System.Text.Json;
using Xunit;

using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>
/// The built daemon against real processes: pressure comes from a script, the process table and the signals are
/// real. The policy matches only children this test started (their names carry a fresh GUID).
/// </summary>
public sealed class DaemonEndToEndTests : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void ArmedItFreezesUnderPressureThawsWhenItClearsAndThawsEverythingOnStop()
    {
        var allowed = _box.StartChild($"{_box.Tag}-allow");
        var denied = _box.StartChild($"{_box.Tag}-deny");
        var config = _box.Write("test.conf", TestConfig(_box.Tag));
        // Phases longer than a slow start: the valve may hold its first remedy up to 10 s for the ledger's seed.
        var script = _box.Write("pressure.conf", """
            pressure = [
              { at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 }
              { at = 1s, available-mb = 3000 }
              { at = 15s, available-mb = 60000 }
              { at = 25s, available-mb = 3000 }
            ]
            """);
        var dataDir = Path.Combine(_box.Dir, "data");

        var daemon = _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", script, "--armed");
        void DeniedNeverFrozen() => Assert.True(Sandbox.StateOf(denied) != "T", $"the denylisted child was frozen; output:\n{daemon.Output}");

        daemon.WaitUntil(() => Sandbox.StateOf(allowed) == "T", Soon, "the first freeze", DeniedNeverFrozen);
        daemon.WaitUntil(() => Sandbox.StateOf(allowed) == "S", Soon, "the thaw after pressure cleared", DeniedNeverFrozen);
        daemon.WaitUntil(() => Sandbox.StateOf(allowed) == "T", Soon, "the second freeze", DeniedNeverFrozen);
        daemon.WaitUntil(() => FrozenInHeartbeat(dataDir).Contains(allowed), Soon, "the heartbeat to list the frozen child", DeniedNeverFrozen);

        Sandbox.Terminate(daemon.Process);
        var exitCode = daemon.WaitForExit(TimeSpan.FromSeconds(25));

        Assert.True(exitCode == 0, $"exit code {exitCode}; output:\n{daemon.Output}");
        Assert.Equal("S", Sandbox.StateOf(allowed));
        Assert.Equal("S", Sandbox.StateOf(denied));
        var log = string.Concat(Directory.GetFiles(Path.Combine(dataDir, "logs"), "sanctumd-*.log").Select(File.ReadAllText));
        Assert.Contains($"executing action=SIGSTOP sleep (pid {allowed}, rss ", log, StringComparison.Ordinal);
        using var heartbeat = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, "heartbeat.json")));
        Assert.True(heartbeat.RootElement.GetProperty("armed").GetBoolean());
        Assert.Equal(daemon.Process.Id, heartbeat.RootElement.GetProperty("pid").GetInt32());
    }

    private static int[] FrozenInHeartbeat(string dataDir)
    {
        var path = Path.Combine(dataDir, "heartbeat.json");
        if (!File.Exists(path))
        {
            return [];
        }

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return [.. json.RootElement.GetProperty("frozen").EnumerateArray().Select(f => f.GetProperty("pid").GetInt32())];
    }

    /// <summary>
    /// Lists replaced wholesale so that only the test's children can be frozen: no default allowlist entry, no
    /// criticals the sentinel would resume, no services to shed.
    /// </summary>
    public static string TestConfig(string tag) => $$"""
        sanctum {
          valve {
            tick = 1s
            debounce = 1
            cooldown = 2s
            lease { thaw-after = 2s }
            allowlist = [ { name = "e2e", match = "{{tag}}", policy = sigstop-only, min-stop-mb = 0 } ]
            denylist = [ "sshd", "systemd", "sanctumd", "{{tag}}-deny" ]
            shed { tier3 = [], tier2 = [] }
          }
          sentinel { criticals = [ "{{tag}}-critical" ] }
        }
        """;
}
