using Sanctum.Policy.Text;
using System.ComponentModel;
using Sanctum.Cli.Daemon;
using Sanctum.Configuration;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

/// <summary>Options of every command that talks to the daemon.</summary>
public class DaemonSettings : CommandSettings
{
    [CommandOption("--socket <PATH>")]
    [Description("The daemon's Unix socket (default: sanctum.cli.socket, else $XDG_RUNTIME_DIR/sanctum/sanctum.sock, else ~/.sanctum/run/sanctum.sock).")]
    public string? Socket { get; init; }

    [CommandOption("--config <FILE>")]
    [Description("Read sanctum.cli.socket from this configuration file.")]
    public string? Config { get; init; }

    [CommandOption("--json")]
    [Description("Print the daemon's answer as JSON (snake_case fields).")]
    public bool Json { get; init; }
}

/// <summary>Connects, runs the command, and turns failures into the exit codes of design §8.</summary>
public abstract class DaemonCommand<TSettings> : Command<TSettings>
    where TSettings : DaemonSettings
{
    public override int Execute(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        string? configured = null;
        if (settings.Config is { } file)
        {
            var loaded = SanctumConfigLoader.Load(file, ProcessEnvironment.Read());
            if (!loaded.Ok)
            {
                Console.Error.WriteLine($"sanctum: {string.Join("; ", loaded.Errors)}");
                return ExitCodes.InvalidInput;
            }

            configured = loaded.Options!.Cli.Socket;
        }

        try
        {
            using var client = DaemonClient.Connect(SocketPath.Resolve(settings.Socket, configured));
            return Run(client, settings, cancellationToken);
        }
        catch (DaemonUnreachableException e)
        {
            Console.Error.WriteLine($"sanctum: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (DaemonErrorException e)
        {
            Console.Error.WriteLine($"sanctum: the daemon said: {e.Message}");
            return ExitCodes.DaemonError;
        }
    }

    protected abstract int Run(DaemonClient client, TSettings settings, CancellationToken cancellationToken);

    /// <summary>With <c>--json</c> the daemon's data as it came; otherwise <paramref name="render"/> of the typed view.</summary>
    protected static int Print<T>(string json, bool asJson, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, Action<T> render)
    {
        if (asJson)
        {
            Console.Out.WriteLine(json);
        }
        else
        {
            render(System.Text.Json.JsonSerializer.Deserialize(json, type)!);
        }

        return ExitCodes.Ok;
    }

    protected static string Clock(DateTime? at) => at is { } t ? t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss") : "";

    /// <summary>Text for a table cell: printable (names come from other processes, <see cref="Printable"/>), then markup-escaped.</summary>
    protected static string Esc(string? text) => Markup.Escape(Printable.Of(text));
}
