using System.Diagnostics;
using System.Text.Json;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>
/// Processes anyone may start, built to be expensive for the guard to look at, against the shipped default
/// allowlist: the heartbeat and <c>sanctum status</c> keep answering as without them. Dry run (the default), so
/// the default allowlist never signals anything on this host.
/// </summary>
public sealed class HostileProcessesEndToEndTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void FortyChildrenWithHugeCommandLinesDoNotStallTheHeartbeatOrStatus()
    {
        // 54 KB each, quadratic for a backtracking docker-vz or metal-shader-compiler pattern.
        var hostile = string.Concat(Enumerable.Repeat("Docker.app/", 3000)) + string.Concat(Enumerable.Repeat("/metal ", 3000));
        for (var i = 0; i < 40; i++)
        {
            _box.StartChild($"{_box.Tag}-{i}/{hostile}");
        }

        var config = _box.Write("test.conf", "sanctum.valve.tick = 1s\n");
        var script = _box.WriteCalmPressure();
        var dataDir = Path.Combine(_box.Dir, "data");
        var daemon = _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", script);

        var heartbeat = Path.Combine(dataDir, "heartbeat.json");
        daemon.WaitUntil(() => File.Exists(heartbeat), TimeSpan.FromSeconds(20), "the first heartbeat");
        // A 1 s tick: each next beat within the heartbeat's own ask timeout (3 s) plus a tick.
        var last = BeatTime(heartbeat);
        for (var beat = 0; beat < 5; beat++)
        {
            var previous = last;
            daemon.WaitUntil(() => (last = BeatTime(heartbeat)) > previous, TimeSpan.FromSeconds(4), $"heartbeat {beat + 1} after {previous:O}");
        }

        for (var ask = 0; ask < 3; ask++)
        {
            var clock = Stopwatch.StartNew();
            var status = _box.StartClient("status");
            var exit = status.WaitForExit(TimeSpan.FromSeconds(15));
            Assert.True(exit == 0, $"sanctum status exited {exit} after {clock.Elapsed.TotalSeconds:0.0} s:\n{status.Output}\ndaemon:\n{daemon.Output}");
        }
    }

    private static DateTime BeatTime(string path)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            return json.RootElement.GetProperty("time").GetDateTime();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return DateTime.MinValue;
        }
    }
}
