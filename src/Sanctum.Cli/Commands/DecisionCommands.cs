using System.ComponentModel;
using System.Globalization;
using Sanctum.Actors.Gateway;
using Sanctum.Cli.Daemon;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

public sealed class WhyCommand : DaemonCommand<WhyCommand.Settings>
{
    public sealed class Settings : DaemonSettings
    {
        [CommandArgument(0, "<PID>")]
        [Description("The process id.")]
        public int Pid { get; init; }
    }

    protected override int Run(DaemonClient client, Settings settings, CancellationToken cancellationToken) =>
        Print(client.Request("why", w => w.WriteNumber("pid", settings.Pid)), settings.Json, CliJson.Default.DecisionsView, d =>
        {
            if (Denial(client, settings.Pid) is { } denial)
            {
                Console.Out.WriteLine($"pid {settings.Pid} is never signalled: {denial}");
            }

            if (d.Decisions.Count == 0)
            {
                Console.Out.WriteLine($"no decisions about pid {settings.Pid}");
                return;
            }

            AnsiConsole.Write(HistoryCommand.Table(d.Decisions));
        });

    /// <summary>Why the guard refuses the pid everything (the denylist entry or protection that hit), or null.</summary>
    private static string? Denial(DaemonClient client, int pid)
    {
        var ps = System.Text.Json.JsonSerializer.Deserialize(client.Request("ps", w => w.WriteBoolean("all", true)), CliJson.Default.PsView)!;
        return ps.Processes.FirstOrDefault(p => p.Pid == pid && p.Owner == "denied")?.Note;
    }
}

public sealed class HistoryCommand : DaemonCommand<HistoryCommand.Settings>
{
    public sealed class Settings : DaemonSettings
    {
        [CommandOption("--since <DURATION>")]
        [Description("Only the last DURATION: 90s, 15m, 1h, 2d.")]
        [TypeConverter(typeof(DurationConverter))]
        public TimeSpan? Since { get; init; }

        [CommandOption("--html <FILE>")]
        [Description("Also write these decisions as one self-contained page: pressure, levels, a mark per decision, a lane per target.")]
        public string? Html { get; init; }
    }

    protected override int Run(DaemonClient client, Settings settings, CancellationToken cancellationToken)
    {
        var reply = client.Request("history", w =>
        {
            if (settings.Since is { } since)
            {
                w.WriteNumber("since_seconds", (long)Math.Ceiling(since.TotalSeconds));
            }
        });
        if (settings.Html is { } html)
        {
            var decisions = System.Text.Json.JsonSerializer.Deserialize(reply, CliJson.Default.DecisionsView)!.Decisions;
            File.WriteAllText(html, Replay.IncidentPage.Render(HistoryPage.Of(decisions, DateTime.UtcNow)));
            Console.Error.WriteLine($"sanctum history: wrote {html}");
        }

        return Print(reply, settings.Json, CliJson.Default.DecisionsView, d => AnsiConsole.Write(Table(d.Decisions)));
    }

    public static Table Table(IEnumerable<DecisionView> decisions)
    {
        var table = new Table().AddColumns("AT", "KIND", "TARGET", "ACTION", "BY", "OUTCOME", "LEVEL", "REASON");
        foreach (var d in decisions)
        {
            var target = d.Pid is { } pid ? $"{d.Target} ({pid})" : d.Target;
            table.AddRow(Clock(d.At), d.Kind, Esc(target), Esc(d.Action), Esc(d.By), Esc(d.Outcome), d.Level, Esc(d.Reason));
        }

        return table;
    }
}

/// <summary><c>90s</c>, <c>15m</c>, <c>1h</c>, <c>2d</c> for <c>--since</c>.</summary>
public sealed class DurationConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        var text = ((string)value).Trim();
        if (text.Length >= 2 && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        throw new FormatException($"\"{text}\" is not a duration like 90s, 15m, 1h or 2d");
    }
}
