using System.ComponentModel;
using Sanctum.Actors.Gateway;
using Sanctum.Cli.Daemon;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

public sealed class PsCommand : DaemonCommand<PsCommand.Settings>
{
    public sealed class Settings : DaemonSettings
    {
        [CommandOption("--all")]
        [Description("Every process, not only the allowlisted, critical and stopped ones.")]
        public bool All { get; init; }
    }

    protected override int Run(DaemonClient client, Settings settings, CancellationToken cancellationToken) =>
        Print(client.Request("ps", w => w.WriteBoolean("all", settings.All)), settings.Json, CliJson.Default.PsView, ps => AnsiConsole.Write(Table(ps.Processes)));

    public static Table Table(IEnumerable<ProcessView> processes)
    {
        var table = new Table().AddColumns("PID", "START", "NAME", "RSS MB", "STATE", "CRITICAL", "ALLOWLISTED", "OWNER");
        foreach (var p in processes)
        {
            var owner = p.Owner + (p.Until is { } until ? $" until {Clock(until)}" : "") + (p.Note is { } note ? $" ({note})" : "");
            table.AddRow(p.Pid.ToString(), p.Start.ToString(), Esc(p.Name), p.RssMb.ToString(), Esc(p.State), p.Critical ? "[yellow]yes[/]" : "", p.Allowlisted ? "yes" : "", Esc(owner));
        }

        return table;
    }
}
