using System.Globalization;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.Linux;

/// <summary>Sheds and inspects systemd user units through <c>systemctl --user</c>.</summary>
public sealed class SystemdServicePort(ICommandRunner runner) : IServicePort
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const string Systemctl = "systemctl";

    // systemctl's LSB exit status for "unit not loaded".
    private const int NotLoaded = 5;

    /// <summary>A unit that is not running is <see cref="Delivery.Gone"/>: there is nothing to shed.</summary>
    public async Task<Delivery> StopAsync(string label)
    {
        var status = await StatusAsync(label).ConfigureAwait(false);
        if (!status.Running)
            return Delivery.Gone;
        var stop = await runner.RunAsync(Systemctl, ["--user", "stop", "--", label], Timeout).ConfigureAwait(false);
        return stop.ExitCode switch
        {
            0 => Delivery.Delivered,
            NotLoaded => Delivery.Gone,
            _ => Delivery.Failed,
        };
    }

    public async Task<ServiceStatus> StatusAsync(string label)
    {
        // Key=value lines rather than --value: with several -p, systemctl prints in its own order, not ours.
        var show = await runner.RunAsync(
            Systemctl, ["--user", "show", "-p", "LoadState", "-p", "ActiveState", "-p", "MainPID", "--", label], Timeout).ConfigureAwait(false);
        return show.Succeeded ? ParseShow(show.Output) : new ServiceStatus(false, null);
    }

    /// <summary>
    /// Reads <c>systemctl show</c> output. Running means loaded and active, activating or reloading (a process
    /// exists that a stop would end); the pid is MainPID when positive.
    /// </summary>
    public static ServiceStatus ParseShow(string output)
    {
        string? load = null, active = null;
        int? pid = null;
        foreach (var line in output.Split('\n'))
        {
            var eq = line.IndexOf('=');
            if (eq < 0)
                continue;
            var value = line[(eq + 1)..].TrimEnd('\r');
            switch (line[..eq])
            {
                case "LoadState":
                    load = value;
                    break;
                case "ActiveState":
                    active = value;
                    break;
                case "MainPID" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0:
                    pid = p;
                    break;
            }
        }

        var running = load == "loaded" && active is "active" or "activating" or "reloading";
        return new ServiceStatus(running, running ? pid : null);
    }
}
