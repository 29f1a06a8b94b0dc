using System.ComponentModel;
using System.Text.Json;
using Sanctum.Actors.Gateway;
using Sanctum.Cli.Daemon;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

/// <summary>A live view refreshed every tick until Ctrl-C: level, gauges, frozen and candidate processes.</summary>
public sealed class TopCommand : DaemonCommand<TopCommand.Settings>
{
    public sealed class Settings : DaemonSettings
    {
        [CommandOption("--count <N>", IsHidden = true)]
        [Description("Stop after N refreshes (for tests).")]
        public int? Count { get; init; }
    }

    protected override int Run(DaemonClient client, Settings settings, CancellationToken cancellationToken)
    {
        var (status, ps) = Read(client);
        AnsiConsole.Live(View(status, ps)).Start(live =>
        {
            for (var frame = 1; settings.Count is not { } n || frame < n; frame++)
            {
                if (cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Max(0.5, status.TickSeconds))))
                {
                    return;
                }

                // A new connection per frame: the daemon closes connections silent for longer than a tick may be.
                using var next = DaemonClient.Connect(client.Path);
                (status, ps) = Read(next);
                live.UpdateTarget(View(status, ps));
            }
        });
        return ExitCodes.Ok;
    }

    private static (StatusView, PsView) Read(DaemonClient client) =>
        (JsonSerializer.Deserialize(client.Request("status"), CliJson.Default.StatusView)!,
         JsonSerializer.Deserialize(client.Request("ps"), CliJson.Default.PsView)!);

    private static Rows View(StatusView s, PsView ps)
    {
        var p = s.Signals;
        var gauges = new BreakdownChart().Width(60);
        if (p is not null && p.SwapTotalMb > 0)
        {
            gauges.AddItem("swap used MB", p.SwapUsedMb, Color.Red).AddItem("swap free MB", p.SwapTotalMb - p.SwapUsedMb, Color.Green);
        }

        var header = $"[bold]{s.Level}[/]  {(s.Armed ? "[red]armed[/]" : "dry-run")}  available {p?.AvailableMb ?? 0} MB  swap {p?.SwapPercent ?? 0}%  " +
                     $"kernel {p?.KernelLevel ?? 0}  frozen {s.FrozenCount}  {Clock(DateTime.UtcNow)}";
        var shown = ps.Processes.Where(x => x.Owner.StartsWith("frozen", StringComparison.Ordinal) || x.Allowlisted)
            .OrderByDescending(x => x.Owner.StartsWith("frozen", StringComparison.Ordinal)).ThenByDescending(x => x.RssMb);
        return new Rows(new Markup(header), gauges, PsCommand.Table(shown));
    }
}
