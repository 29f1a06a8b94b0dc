using System.Globalization;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>Sheds and inspects LaunchAgents in the user's GUI domain (<c>gui/&lt;uid&gt;/&lt;label&gt;</c>).</summary>
public sealed class LaunchdServicePort(ICommandRunner runner, uint uid) : IServicePort
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A label that is not running is <see cref="Delivery.Gone"/> and is not booted out: there is nothing to
    /// free, and unloading it would only stop it coming back when the pressure is over.
    /// </summary>
    public async Task<Delivery> StopAsync(string label)
    {
        var status = await StatusAsync(label).ConfigureAwait(false);
        if (!status.Running)
            return Delivery.Gone;
        var bootout = await runner.RunAsync(MacCommands.Launchctl, ["bootout", Target(label)], Timeout).ConfigureAwait(false);
        return bootout.Succeeded ? Delivery.Delivered : Delivery.Failed;
    }

    public async Task<ServiceStatus> StatusAsync(string label)
    {
        var print = await runner.RunAsync(MacCommands.Launchctl, ["print", Target(label)], Timeout).ConfigureAwait(false);
        return print.Succeeded ? ParsePrint(print.Output) : new ServiceStatus(false, null);
    }

    /// <summary>
    /// Reads <c>state = running</c> and <c>pid = N</c> from the service's own block of <c>launchctl print</c>.
    /// Nested blocks (endpoints, sockets, event triggers) have <c>state</c> and <c>pid</c> keys of their own,
    /// so only depth-one lines count.
    /// </summary>
    public static ServiceStatus ParsePrint(string output)
    {
        var depth = 0;
        string? state = null;
        int? pid = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.EndsWith('{'))
            {
                depth++;
                continue;
            }

            if (line.StartsWith('}'))
            {
                depth--;
                continue;
            }

            var eq = line.IndexOf(" = ", StringComparison.Ordinal);
            if (depth != 1 || eq < 0)
                continue;
            var value = line[(eq + 3)..];
            switch (line[..eq])
            {
                case "state":
                    state = value;
                    break;
                case "pid" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0:
                    pid = p;
                    break;
            }
        }

        var running = state == "running";
        return new ServiceStatus(running, running ? pid : null);
    }

    private string Target(string label) => $"gui/{uid}/{label}";
}
