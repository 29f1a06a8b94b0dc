using System.Diagnostics;
using Xunit;

namespace Sanctum.Os.Tests;

public sealed class CommandRunnerTests
{
    [LinuxFact]
    public async Task ArgumentsGoThroughAsAVectorNotAShellString()
    {
        var result = await new ProcessCommandRunner().RunAsync("printf", ["%s|", "a b", "$(id)", "c;d"], TimeSpan.FromSeconds(10));

        Assert.Equal(new CommandResult(0, "a b|$(id)|c;d|", ""), result);
    }

    [LinuxFact]
    public async Task ExitCodeAndErrorOutputAreKept()
    {
        var result = await new ProcessCommandRunner().RunAsync("ls", ["/definitely/not/here"], TimeSpan.FromSeconds(10));

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public async Task AMissingProgramDoesNotRunAndDoesNotThrow()
    {
        var result = await new ProcessCommandRunner().RunAsync("/nonexistent/sanctum-test-binary", [], TimeSpan.FromSeconds(10));

        Assert.Equal(-1, result.ExitCode);
    }

    [LinuxFact]
    public async Task ACommandPastItsTimeoutIsKilled()
    {
        var clock = Stopwatch.StartNew();

        var result = await new ProcessCommandRunner().RunAsync("sleep", ["30"], TimeSpan.FromMilliseconds(200));

        Assert.Equal(-1, result.ExitCode);
        Assert.Contains("timed out", result.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [LinuxFact]
    public async Task AChildHoldingTheOutputOpenAfterTheCommandExitsCostsAtMostTheTimeout()
    {
        var clock = Stopwatch.StartNew();

        var result = await new ProcessCommandRunner().RunAsync("/bin/sh", ["-c", "sleep 30 & echo started"], TimeSpan.FromMilliseconds(500));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"waited {clock.Elapsed}");
        Assert.Equal(-1, result.ExitCode);
        Assert.Contains("output was still open", result.Error);
    }

    [LinuxFact]
    public async Task TheRunnersEnvironmentIsSetForEveryCommand()
    {
        var runner = new ProcessCommandRunner(new Dictionary<string, string> { ["LC_ALL"] = "C", ["TZ"] = "UTC0" });

        var result = await runner.RunAsync("/bin/sh", ["-c", "printf '%s|%s' \"$LC_ALL\" \"$TZ\""], TimeSpan.FromSeconds(10));

        Assert.Equal("C|UTC0", result.Output);
    }
}
