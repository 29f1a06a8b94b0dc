using System.Diagnostics;
using Xunit;

namespace Sanctum.Os.Tests;

public sealed class CommandRunnerTests
{
    [LinuxFact]
    public async Task Arguments_go_through_as_a_vector_not_a_shell_string()
    {
        var result = await new ProcessCommandRunner().RunAsync("printf", ["%s|", "a b", "$(id)", "c;d"], TimeSpan.FromSeconds(10));

        Assert.Equal(new CommandResult(0, "a b|$(id)|c;d|", ""), result);
    }

    [LinuxFact]
    public async Task Exit_code_and_error_output_are_kept()
    {
        var result = await new ProcessCommandRunner().RunAsync("ls", ["/definitely/not/here"], TimeSpan.FromSeconds(10));

        Assert.NotEqual(0, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Error);
    }

    [Fact]
    public async Task A_missing_program_does_not_run_and_does_not_throw()
    {
        var result = await new ProcessCommandRunner().RunAsync("/nonexistent/sanctum-test-binary", [], TimeSpan.FromSeconds(10));

        Assert.Equal(-1, result.ExitCode);
    }

    [LinuxFact]
    public async Task A_command_past_its_timeout_is_killed()
    {
        var clock = Stopwatch.StartNew();

        var result = await new ProcessCommandRunner().RunAsync("sleep", ["30"], TimeSpan.FromMilliseconds(200));

        Assert.Equal(-1, result.ExitCode);
        Assert.Contains("timed out", result.Error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }
}
