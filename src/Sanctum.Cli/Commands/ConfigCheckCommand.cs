using System.ComponentModel;
using Sanctum.Configuration;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

public sealed class ConfigCheckCommand : Command<ConfigCheckCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[FILE]")]
        [Description("The configuration file to check; without it, the shipped defaults and the environment.")]
        public string? File { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var result = SanctumConfigLoader.Load(settings.File, ProcessEnvironment.Read());
        if (!result.Ok)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"sanctum config check: {error}");
            }

            return ExitCodes.InvalidInput;
        }

        Console.Out.WriteLine($"{settings.File ?? "defaults"}: ok ({(result.Options!.DryRun ? "dry-run" : "armed")}, tick {result.Options.Valve.Tick.TotalSeconds:0}s, {result.Options.Valve.Allowlist.Count} allowlist entries)");
        return ExitCodes.Ok;
    }
}
