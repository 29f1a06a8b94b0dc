using System.ComponentModel;
using System.Text.Json;
using Sanctum.Configuration;
using Sanctum.Ledger;
using Sanctum.Os;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

public sealed class DeadmanCommand : AsyncCommand<DeadmanCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data-dir <DIR>")]
        [Description("The daemon's data folder (ledger, heartbeat); default ~/.sanctum.")]
        public string? DataDir { get; init; }

        [CommandOption("--config <FILE>")]
        [Description("A configuration file over the shipped defaults (deadman.stale-after, persistence).")]
        public string? Config { get; init; }

        [CommandOption("--json")]
        [Description("One JSON object: heartbeat, staleness and every action.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var loaded = SanctumConfigLoader.Load(settings.Config, ProcessEnvironment.Read());
        if (!loaded.Ok)
        {
            foreach (var error in loaded.Errors)
            {
                Console.Error.WriteLine($"sanctum deadman: {error}");
            }

            return ExitCodes.InvalidInput;
        }

        var dataDir = settings.DataDir ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sanctum");
        var ports = OsPorts.ForThisHost(new OsPortsOptions(new HashSet<int> { Environment.ProcessId }));
        var report = await Deadman.RunAsync(dataDir, loaded.Options!, ports, () => DateTimeOffset.UtcNow);
        Console.Out.WriteLine(settings.Json ? JsonSerializer.Serialize(report) : Describe(report, dataDir));
        if (report.Problem is not null)
        {
            Console.Error.WriteLine($"sanctum deadman: {report.Problem}");
        }

        return ExitCodes.Ok;
    }

    private static string Describe(DeadmanReport report, string dataDir)
    {
        var beat = report.Heartbeat is { } at ? $"heartbeat {(report.Now - at).TotalSeconds:0}s old" : "no heartbeat";
        var limit = $"stale after {report.StaleAfter.TotalSeconds:0}s";
        switch (report.Verdict)
        {
            case DeadmanVerdicts.Alive:
                return $"deadman: daemon alive ({beat}, {limit}); nothing to do";
            case DeadmanVerdicts.Held:
                return $"deadman: daemon unresponsive ({beat}, {limit}) but it still holds {dataDir}: left to it and systemd's watchdog; nothing done";
        }

        var silent = report.Verdict == DeadmanVerdicts.Stalled && report.LastReading is { } reading
            ? $"daemon stalled (its valve has acted on no reading for {(report.Now - reading).TotalSeconds:0}s, {beat})"
            : $"daemon silent ({beat})";

        if (report.Problem is not null)
        {
            return $"deadman: {silent} but the ledger in {dataDir} could not be read; nothing done";
        }

        var lines = new List<string> { $"deadman: {silent}, {limit}; {report.Actions.Count} frozen process(es) in the ledger" };
        lines.AddRange(report.Actions.Select(a => $"  {a.Result,-13} {a.Name} (pid {a.Pid}, start {a.Start}) — frozen by {a.Frozen}"));
        return string.Join(Environment.NewLine, lines);
    }
}
