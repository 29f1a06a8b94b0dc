using Serilog;
using Serilog.Formatting.Compact;

namespace Sanctum.Daemon;

/// <summary>Console (captured by launchd/journald) and a daily rolling file in <c>&lt;data-dir&gt;/logs</c>, both text or both compact JSON.</summary>
public static class DaemonLogging
{
    public const string Template = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} [{Level:u3}] {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger Create(string logsDir, bool json)
    {
        var file = Path.Combine(logsDir, "sanctumd-.log");
        var config = new LoggerConfiguration().MinimumLevel.Information();
        config = json
            ? config.WriteTo.Console(new CompactJsonFormatter())
                .WriteTo.File(new CompactJsonFormatter(), file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 7)
            : config.WriteTo.Console(outputTemplate: Template)
                .WriteTo.File(file, outputTemplate: Template, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 7);
        return config.CreateLogger();
    }
}
