using System.Text.Json;
using Xunit;

namespace Sanctum.Cli.Tests;

public sealed class ReplayCommandTests
{
    [Fact]
    public async Task ReplayJsonIsOneObjectPerLineInTimeOrderWithTheSummaryLast()
    {
        var run = await BuiltClient.RunAsync("replay", BuiltClient.Scenario("2026-04-26-sigstop-loop.conf"), "--json");

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var times = lines.Select(l => l.GetProperty("t").GetDouble()).ToArray();
        Assert.Equal(times.Order(), times);
        Assert.All(lines, l => Assert.Contains(l.GetProperty("kind").GetString(), new[] { "level", "signal", "shed", "probe", "recovery", "evaluation", "escalation", "alert", "summary" }));

        var summary = lines[^1];
        Assert.Equal("summary", summary.GetProperty("kind").GetString());
        Assert.Equal(7200, summary.GetProperty("t").GetDouble());
        Assert.Equal("ORANGE", summary.GetProperty("max-level").GetString());
        var stops = lines.Count(l => l.GetProperty("kind").GetString() == "signal" && l.GetProperty("signal").GetString() == "SIGSTOP" && l.GetProperty("outcome").GetString() == "applied");
        Assert.Equal(stops, summary.GetProperty("signals").GetProperty("SIGSTOP").GetInt32());

        var signal = lines.First(l => l.GetProperty("kind").GetString() == "signal");
        foreach (var field in new[] { "signal", "pid", "start", "name", "by", "outcome", "reason" })
        {
            Assert.True(signal.TryGetProperty(field, out _), $"signal line lacks {field}");
        }
    }

    [Fact]
    public async Task ReplayWithoutJsonPrintsAReadableTimeline()
    {
        var run = await BuiltClient.RunAsync("replay", BuiltClient.Scenario("2026-04-19-panic.conf"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("level GREEN -> RED", run.Stdout);
        Assert.Contains("SIGKILL metal (pid 31001", run.Stdout);
        Assert.StartsWith("summary:", run.Stdout.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task ReplayTextSpeaksRelativeTimeAlsoInsideReasons()
    {
        var run = await BuiltClient.RunAsync("replay", BuiltClient.Scenario("2026-04-26-sigstop-loop.conf"));

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("2100-", run.Stdout);
        Assert.Contains("under a lease until +00:30:00 at the latest", run.Stdout);
        Assert.Contains("not refrozen before +00:32:00", run.Stdout);
    }

    [Fact]
    public async Task AnAlertNamesTheDenylistEntryThatPassedOverAnAllowlistedProcess()
    {
        var file = Path.Combine(Path.GetTempPath(), $"denied-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, """
            name = "a worker under a path with sanctumd in it"
            duration = 2m
            sanctum.valve.shed { tier3 = [], tier2 = [] }
            processes = [ { pid = 45013, name = "node", command = "/home/neo/sanctumd/.lmstudio/node llmworker.js", rss-mb = 8600 } ]
            pressure = [ { at = 0s, available-mb = 3000, swap-used-mb = 0, kernel-level = 2 } ]
            """);
        try
        {
            var run = await BuiltClient.RunAsync("replay", file);

            Assert.Equal(0, run.ExitCode);
            var alert = run.Stdout.Split('\n').First(l => l.Contains("ALERT"));
            Assert.Contains("passed over: node (pid 45013): denied by denylist \"sanctumd\"", alert);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AnInvalidScenarioExits2NamingTheKeyAndLine()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, "name = \"typo\"\nduration = 10m\npresure = []\n");
        try
        {
            var run = await BuiltClient.RunAsync("replay", file);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains("presure", run.Stderr);
            Assert.Contains("line 3", run.Stderr);
            Assert.Empty(run.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("processes = [ { pid = -1, name = \"all\" } ]", "processes[0].pid: must be above 1, got -1")]
    [InlineData("processes = [ { pid = 0, name = \"group\" } ]", "processes[0].pid: must be above 1, got 0")]
    [InlineData("services = [ { label = \"init\", tier = 3, pid = 1 } ]", "services[0].pid: must be above 1, got 1")]
    [InlineData("probes = [ { service = \"init\", pid = 1 } ]", "probes[0].pid: must be above 1, got 1")]
    public async Task APidOfOneOrLessIsRefusedNamingTheKeyAndLine(string entry, string message)
    {
        var run = await ReplayText($"name = \"pids\"\nduration = 1m\n{entry}\npressure = [ {{ at = 0s, available-mb = 100 }} ]\n");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.Contains("line 3", run.Stderr);
        Assert.DoesNotContain("applied", run.Stdout);
    }

    [Fact]
    public async Task AnEndlessDurationIsRefusedInsteadOfReplayed()
    {
        var run = await ReplayText("name = \"long\"\nduration = 5000000d\npressure = [ { at = 0s } ]\n");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("duration: must be longer than zero and at most 24h", run.Stderr);
        Assert.Contains("line 2", run.Stderr);
    }

    [Fact]
    public async Task AFileOverTheSizeLimitIsRefusedBeforeItIsParsed()
    {
        var samples = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"  {{ at = {i}s, available-mb = 100 }}\n"));
        var run = await ReplayText($"name = \"huge\"\nduration = 1h\npressure = [\n{samples}]\n");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("at most 4096 KB are read", run.Stderr);
    }

    private static async Task<ClientRun> ReplayText(string scenario)
    {
        var file = Path.Combine(Path.GetTempPath(), $"limits-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, scenario);
        try
        {
            return await BuiltClient.RunAsync("replay", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AMissingScenarioFileExits2()
    {
        var run = await BuiltClient.RunAsync("replay", "/nonexistent/scenario.conf");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("cannot read the file", run.Stderr);
    }

    [Theory]
    [InlineData("fast", "expected a duration like 5s")]
    [InlineData("5", "needs a unit, e.g. 5s (a bare number would be milliseconds in HOCON)")]
    public async Task ConfigCheckNamesTheKeyAndLineOfABadValue(string tick, string message)
    {
        var file = Path.Combine(Path.GetTempPath(), $"user-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(file, $"sanctum {{\n  valve {{\n    tick = {tick}\n  }}\n}}\n");
        try
        {
            var bad = await BuiltClient.RunAsync("config", "check", file);
            var good = await BuiltClient.RunAsync("config", "check");

            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("sanctum.valve.tick", bad.Stderr);
            Assert.Contains("line 3", bad.Stderr);
            Assert.Contains(message, bad.Stderr);
            Assert.Equal(0, good.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
