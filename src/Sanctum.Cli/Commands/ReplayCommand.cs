using System.ComponentModel;
using Sanctum.Actors.Root;
using Sanctum.Replay;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

public sealed class ReplayCommand : Command<ReplayCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SCENARIO>")]
        [Description("A scenario file (HOCON or JSON).")]
        public string Scenario { get; init; } = "";

        [CommandOption("--json")]
        [Description("One JSON object per line, the summary last.")]
        public bool Json { get; init; }

        [CommandOption("--html <FILE>")]
        [Description("Also write the incident as one self-contained page: pressure, levels, a mark per decision, a lane per target.")]
        public string? Html { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var loaded = ScenarioLoader.LoadFile(settings.Scenario);
        if (!loaded.Ok)
        {
            foreach (var error in loaded.Errors)
            {
                Console.Error.WriteLine($"sanctum replay: {error}");
            }

            return ExitCodes.InvalidInput;
        }

        var result = ReplayEngine.Run(loaded.Scenario!, GuardSettings.From(loaded.Options!, []));
        var output = settings.Json ? ReplayReport.JsonLines(result) : ReplayReport.Timeline(result);
        foreach (var line in output)
        {
            Console.Out.WriteLine(line);
        }

        if (settings.Html is { } html)
        {
            File.WriteAllText(html, IncidentPage.Render(IncidentPage.Of(result)));
            Console.Error.WriteLine($"sanctum replay: wrote {html}");
        }

        return ExitCodes.Ok;
    }
}
