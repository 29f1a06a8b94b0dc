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
    /// and an argument in the <c>arguments</c> block may end in <c>{</c> or be a lone <c>}</c>, so braces are
    /// not counted: a line counts when it is indented exactly like the block's first line (one tab, as
    /// launchctl prints it, or the spaces of a pasted copy).
    /// </summary>
    public static ServiceStatus ParsePrint(string output)
    {
        string? indent = null;
        string? state = null;
        int? pid = null;
        var sawHeader = false;
        foreach (var (_, line) in TextLines.Split(output))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (!sawHeader)
            {
                sawHeader = true;
                continue;
            }

            var body = line.TrimStart(' ', '\t');
            var lineIndent = line[..(line.Length - body.Length)];
            indent ??= lineIndent;
            var eq = body.IndexOf(" = ", StringComparison.Ordinal);
            if (lineIndent != indent || indent.Length == 0 || eq < 0)
                continue;
            var value = body[(eq + 3)..].TrimEnd();
            switch (body[..eq])
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
