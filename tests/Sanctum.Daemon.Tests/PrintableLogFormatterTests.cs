using Xunit;

namespace Sanctum.Daemon.Tests;

public sealed class PrintableLogFormatterTests
{
    private const string Hostile = "x\n[ERR] FAKE\x1b[31m";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ANameCannotForgeALineNorCarryAnEscape(bool json)
    {
        var output = new StringWriter();
        using (var logger = new Serilog.LoggerConfiguration().WriteTo.Sink(new Capture(DaemonLogging.Formatter(json), output)).CreateLogger())
        {
            logger.Information("executing action=SIGSTOP {Name} (pid {Pid})", Hostile, 42);
            logger.Information("by Akka's positional args {0}", new Named(Hostile));
            logger.Information($"already formatted: {Hostile}");
        }

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.DoesNotContain('\x1b', output.ToString());
        Assert.All(lines, l => Assert.Contains(json ? @"x\\n[ERR] FAKE\\e[31m" : @"x\n[ERR] FAKE\e[31m", l, StringComparison.Ordinal));
        if (!json)
        {
            Assert.Contains(@"executing action=SIGSTOP x\n[ERR] FAKE\e[31m (pid 42)", lines[0], StringComparison.Ordinal);
        }
    }

    private sealed record Named(string Name)
    {
        public override string ToString() => Name;
    }

    private sealed class Capture(Serilog.Formatting.ITextFormatter formatter, TextWriter output) : Serilog.Core.ILogEventSink
    {
        public void Emit(Serilog.Events.LogEvent logEvent) => formatter.Format(logEvent, output);
    }
}
