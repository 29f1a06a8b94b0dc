using Xunit;

namespace Sanctum.Daemon.Tests;

public sealed class CommandLineTests
{
    public static TheoryData<string[], DaemonArguments> Accepted => new()
    {
        { [], DaemonArguments.None },
        { ["--config", "a.conf"], DaemonArguments.None with { ConfigFile = "a.conf" } },
        { ["--config=a.conf"], DaemonArguments.None with { ConfigFile = "a.conf" } },
        { ["--data-dir", "/tmp/d"], DaemonArguments.None with { DataDir = "/tmp/d" } },
        { ["--socket", "/run/s.sock"], DaemonArguments.None with { Socket = "/run/s.sock" } },
        { ["--armed"], DaemonArguments.None with { Armed = true } },
        { ["--pressure-script", "p.conf"], DaemonArguments.None with { PressureScript = "p.conf" } },
        { ["--log-json"], DaemonArguments.None with { LogJson = true } },
        { ["--help"], DaemonArguments.None with { Help = true } },
        { ["--armed", "--config", "a.conf", "--log-json", "--data-dir=d"], DaemonArguments.None with { Armed = true, ConfigFile = "a.conf", LogJson = true, DataDir = "d" } },
        { ["--config", "-dash-start.conf"], DaemonArguments.None with { ConfigFile = "-dash-start.conf" } },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts(string[] args, DaemonArguments expected)
    {
        var result = CommandLine.Parse(args);

        Assert.Null(result.Error);
        Assert.Equal(expected, result.Arguments);
    }

    [Theory]
    [InlineData(new[] { "--verbose" }, "unknown option --verbose")]
    [InlineData(new[] { "--verbose=1" }, "unknown option --verbose")]
    [InlineData(new[] { "-c", "x" }, "unknown option -c")]
    [InlineData(new[] { "stray" }, "unexpected argument \"stray\"")]
    [InlineData(new[] { "--config" }, "option --config needs a value")]
    [InlineData(new[] { "--config", "--armed" }, "option --config needs a value")]
    [InlineData(new[] { "--data-dir" }, "option --data-dir needs a value")]
    [InlineData(new[] { "--socket" }, "option --socket needs a value")]
    [InlineData(new[] { "--pressure-script" }, "option --pressure-script needs a value")]
    [InlineData(new[] { "--config=" }, "option --config needs a non-empty value")]
    [InlineData(new[] { "--armed=yes" }, "option --armed takes no value")]
    [InlineData(new[] { "--armed", "--armed" }, "option --armed given twice")]
    [InlineData(new[] { "--config", "a", "--config=b" }, "option --config given twice")]
    public void RefusesNamingTheOption(string[] args, string error)
    {
        var result = CommandLine.Parse(args);

        Assert.Null(result.Arguments);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void UsageListsEveryOption()
    {
        foreach (var option in new[] { "--config", "--data-dir", "--socket", "--armed", "--pressure-script", "--log-json", "--help" })
        {
            Assert.Contains(option, CommandLine.Usage, StringComparison.Ordinal);
        }
    }
}
