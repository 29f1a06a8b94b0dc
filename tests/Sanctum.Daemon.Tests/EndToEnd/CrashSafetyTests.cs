using System.Diagnostics;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>
/// No process is left frozen because the guard died: kill -9 the built daemon while it holds a real frozen
/// child, then a restart reconciles from the ledger and thaws it; kill -9 again and `sanctum deadman` does.
/// </summary>
[Collection(CrashSafetyTests.Collection)]
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Crash tests kill and restart daemons against timed pressure scripts: they run one at a time.</summary>
    public const string Collection = "crash-safety";

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string Config() => _box.Write("crash.conf", DaemonEndToEndTests.TestConfig(_box.Tag).TrimEnd().TrimEnd('}') + "  deadman { stale-after = 1s }\n}\n");

    private string Pressure(string name, string samples) => _box.Write(name, $"pressure = [ {samples} ]");

    [LinuxFact]
    public void AFrozenChildSurvivesACrashFrozenAndIsThawedByTheRestartThenByTheDeadman()
    {
        var child = _box.StartChild($"{_box.Tag}-allow");
        var config = Config();
        var dataDir = Path.Combine(_box.Dir, "data");
        var orange = Pressure("orange.conf", "{ at = 0s, available-mb = 3000, swap-used-mb = 0, kernel-level = 1 }");

        var first = _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", orange, "--armed");
        first.WaitUntil(() => Sandbox.StateOf(child) == "T", Soon, "the first freeze");
        WaitUntilJournaled(first, dataDir, child);
        Sandbox.Crash(first.Process);
        Assert.Equal("T", Sandbox.StateOf(child));

        // Calm at first, ORANGE again after 9 s: the restart must thaw the re-adopted freeze in between.
        var calmThenOrange = Pressure("calm-then-orange.conf",
            "{ at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 }, { at = 9s, available-mb = 3000 }");
        var restartedAt = Stopwatch.StartNew();
        var second = _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", calmThenOrange, "--armed");
        second.WaitUntil(() => Sandbox.StateOf(child) == "S", Soon, "the restart to thaw the child");
        output.WriteLine($"restart-to-thaw: {restartedAt.ElapsedMilliseconds} ms (thaw-after 2 s, tick 1 s)");
        Assert.Contains($"reconcile {child}-", second.Output + ReadLog(dataDir), StringComparison.Ordinal);
        AssertWhyStillExplainsTheFreezeFromBeforeTheCrash(child, DateTime.UtcNow - restartedAt.Elapsed);

        second.WaitUntil(() => Sandbox.StateOf(child) == "T", Soon, "the freeze after pressure returned");
        WaitUntilJournaled(second, dataDir, child);
        Sandbox.Crash(second.Process);
        Assert.Equal("T", Sandbox.StateOf(child));

        // The heartbeat goes stale after 1 s; until then the deadman leaves the child alone.
        Sandbox.WaitUntil(() => HeartbeatAge(dataDir) > TimeSpan.FromSeconds(1.5), Soon, "the heartbeat to go stale");
        var deadmanAt = Stopwatch.StartNew();
        var deadman = _box.StartClient("deadman", "--data-dir", dataDir, "--config", config);
        Assert.Equal(0, deadman.WaitForExit(TimeSpan.FromSeconds(30)));
        Sandbox.WaitUntil(() => Sandbox.StateOf(child) == "S", Soon, "the deadman to thaw the child");
        output.WriteLine($"deadman-to-thaw: {deadmanAt.ElapsedMilliseconds} ms (including the client's start)");
    }

    [LinuxFact]
    public void ASecondDaemonOnTheSameDataFolderRefusesToStart()
    {
        var config = Config();
        var dataDir = Path.Combine(_box.Dir, "data");
        var calm = Pressure("calm.conf", "{ at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 }");
        _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", calm);
        Sandbox.WaitUntil(() => File.Exists(Path.Combine(dataDir, "heartbeat.json")), Soon, "the first daemon's heartbeat");

        var second = _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", calm);

        Assert.Equal(2, second.WaitForExit(TimeSpan.FromSeconds(20)));
        Assert.Contains("already owns the data folder", second.Output, StringComparison.Ordinal);
    }

    /// <summary>The restarted daemon's <c>sanctum why</c> starts with the first daemon's freeze, read back from the ledger.</summary>
    private void AssertWhyStillExplainsTheFreezeFromBeforeTheCrash(int child, DateTime restartedAt)
    {
        var why = _box.StartClient("why", child.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(why.WaitForExit(TimeSpan.FromSeconds(30)) == 0, why.Output);
        using var reply = JsonDocument.Parse(why.Output);
        var first = reply.RootElement.GetProperty("decisions").EnumerateArray().First();
        Assert.True(first.GetProperty("at").GetDateTime() < restartedAt, why.Output);
        Assert.Equal(("SIGSTOP", "valve", "applied"), (first.GetProperty("action").GetString(), first.GetProperty("by").GetString(), first.GetProperty("outcome").GetString()));
        Assert.Equal("sleep", first.GetProperty("target").GetString());
    }

    /// <summary>
    /// A crash can come at any moment; this one waits until the freeze is durable: a heartbeat lists the child
    /// as frozen, and a later one says nothing waits to be written.
    /// </summary>
    private static void WaitUntilJournaled(Sandbox.Daemon daemon, string dataDir, int child)
    {
        DateTime? frozenSeenAt = null;
        daemon.WaitUntil(
            () =>
            {
                if (ReadHeartbeat(dataDir) is not { } beat)
                {
                    return false;
                }

                using (beat)
                {
                    var root = beat.RootElement;
                    var time = root.GetProperty("time").GetDateTime();
                    if (frozenSeenAt is null && root.GetProperty("frozen").EnumerateArray().Any(f => f.GetProperty("pid").GetInt32() == child))
                    {
                        frozenSeenAt = time;
                        return false;
                    }

                    var persistence = root.GetProperty("persistence");
                    return frozenSeenAt is { } seen && time > seen
                        && persistence.GetProperty("status").GetString() == "ok" && persistence.GetProperty("pending").GetInt32() == 0;
                }
            },
            Soon,
            "the freeze to be journaled");
    }

    private static JsonDocument? ReadHeartbeat(string dataDir)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, "heartbeat.json")));
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    private static TimeSpan HeartbeatAge(string dataDir)
    {
        var path = Path.Combine(dataDir, "heartbeat.json");
        return File.Exists(path) ? DateTime.UtcNow - File.GetLastWriteTimeUtc(path) : TimeSpan.MaxValue;
    }

    internal static string ReadLog(string dataDir) =>
        string.Concat(Directory.GetFiles(Path.Combine(dataDir, "logs"), "sanctumd-*.log").Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return new StreamReader(stream).ReadToEnd();
        }));
}
