using Sanctum.Actors.Gateway;
using Sanctum.Cli.Daemon;
using Spectre.Console;

namespace Sanctum.Cli.Commands;

public sealed class StatusCommand : DaemonCommand<DaemonSettings>
{
    protected override int Run(DaemonClient client, DaemonSettings settings, CancellationToken cancellationToken) =>
        Print(client.Request("status"), settings.Json, CliJson.Default.StatusView, s =>
        {
            Console.Out.WriteLine(Stance(s));
            AnsiConsole.Write(Table(s));
        });

    /// <summary>
    /// One line: is the guard protecting (armed) or only watching, since when, and who decided it: a person's last
    /// <c>arm</c>/<c>disarm</c> (kept across restarts of the daemon), or the configuration at the daemon's start.
    /// </summary>
    public static string Stance(StatusView s)
    {
        var since = Clock(s.LastArming?.At ?? s.StartedAt);
        var by = s.LastArming is { } a ? $" ({(a.Armed ? "armed" : "disarmed")} by {a.By})" : " (configuration)";
        return s.Armed
            ? $"protecting: armed since {since}{by}, the guard freezes, sheds and kills what the configuration allows"
            : $"only watching: dry-run since {since}{by}, nothing is signalled; `sanctum arm` to protect";
    }

    public static Table Table(StatusView s)
    {
        var table = new Table().HideHeaders().AddColumn("").AddColumn("");
        table.AddRow("level", $"[bold]{s.Level}[/]");
        if (s.Signals is { } p)
        {
            table.AddRow("signals", $"available {p.AvailableMb} MB, swap {p.SwapUsedMb}/{p.SwapTotalMb} MB ({p.SwapPercent}%), kernel level {p.KernelLevel}, compressor {p.CompressorMb} MB");
        }

        if (s.Progress is { } g)
        {
            table.AddRow("progress", g.State == ProgressView.Stalled
                ? $"[red bold]stalled[/]: no reading acted on since {Clock(g.LastReadingAt)} (stalled after {g.StallAfterSeconds:0}s)"
                : $"{g.Readings} readings acted on, the last at {Clock(g.LastReadingAt)}");
        }

        table.AddRow("mode", s.Armed ? "[red]armed[/]" : "dry-run (observe only)");
        table.AddRow("decided", s.LastArming is { } by ? Esc($"{(by.Armed ? "armed" : "disarmed")} by {by.By} at {Clock(by.At)}") : "by the configuration at start");
        table.AddRow("episode", s.EpisodeStage);
        table.AddRow("last action", s.LastAction is { } a ? Esc($"{Clock(a.At)} {a.What}: {a.Outcome}") : "none");
        table.AddRow("frozen", s.FrozenCount.ToString());
        table.AddRow("ineffective", s.IneffectiveTargets.Count == 0 ? "none" : Esc(string.Join(", ", s.IneffectiveTargets.Select(t => $"{t.Target} ({t.SecsRemaining}s)"))));
        table.AddRow("persistence", Esc(s.Persistence));
        table.AddRow("reading", Esc(s.Reading));
        table.AddRow("uptime", $"{TimeSpan.FromSeconds(s.UptimeSeconds):c} (pid {s.Pid}, tick {s.TickSeconds:0.###}s)");
        table.AddRow("version", Esc(s.Version));
        return table;
    }
}
