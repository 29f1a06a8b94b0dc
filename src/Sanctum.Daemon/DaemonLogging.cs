using Serilog;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Sanctum.Daemon;

/// <summary>Console (captured by launchd/journald) and a daily rolling file in <c>&lt;data-dir&gt;/logs</c>, both text or both compact JSON.</summary>
public static class DaemonLogging
{
    public const string Template = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(string logsDir, bool json)
    {
        var file = Path.Combine(logsDir, "sanctumd-.log");
        var config = new LoggerConfiguration().MinimumLevel.Information();
        var formatter = Formatter(json);
        return config.WriteTo.Console(formatter)
            .WriteTo.File(formatter, file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 7)
            .CreateLogger();
    }

    /// <summary>Names and command lines come from other processes: every line is <see cref="PrintableLogFormatter">made printable</see>.</summary>
    public static ITextFormatter Formatter(bool json) =>
        new PrintableLogFormatter(json ? new CompactJsonFormatter() : new MessageTemplateTextFormatter(Template));
}
