using System.Collections.Concurrent;
using System.Globalization;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>Sheds and inspects LaunchAgents in the user's GUI domain (<c>gui/&lt;uid&gt;/&lt;label&gt;</c>).</summary>
/// <remarks>
/// After a shed the service actor asks every tick, for an hour, whether launchd brought the label back; one
/// <c>launchctl print</c> per tick would be 720 forks an hour per shed label. A label this port shed is
/// therefore re-read no more often than a twelfth of the time since the shed (at most every
/// <see cref="MaxCheckInterval"/>), and in between the last answer stands: a quick respawn, the one a respawn
/// loop is made of, is still seen within a tick or two, and an hour of watching at a 5 s tick costs 54 forks.
/// </remarks>
public sealed class LaunchdServicePort(ICommandRunner runner, uint uid, TimeProvider? clock = null) : IServicePort
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan MaxCheckInterval = TimeSpan.FromMinutes(5);
    public const int CheckIntervalDivisor = 12;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Watched> _shed = new(StringComparer.Ordinal);

    /// <summary>
    /// A label that is not running is <see cref="Delivery.Gone"/> and is not booted out: there is nothing to
    /// free, and unloading it would only stop it coming back when the pressure is over.
    /// </summary>
    public async Task<Delivery> StopAsync(string label)
    {
        var status = await PrintAsync(label).ConfigureAwait(false);
        if (status.Running)
        {
            var bootout = await runner.RunAsync(MacCommands.Launchctl, ["bootout", Target(label)], Timeout).ConfigureAwait(false);
            if (!bootout.Succeeded)
                return Delivery.Failed;
        }

        var now = _clock.GetUtcNow();
        _shed[label] = new Watched(now, now, new ServiceStatus(false, null));
        return status.Running ? Delivery.Delivered : Delivery.Gone;
    }

    public async Task<ServiceStatus> StatusAsync(string label)
    {
        var now = _clock.GetUtcNow();
        if (_shed.TryGetValue(label, out var watched) && now - watched.CheckedAt < CheckInterval(now - watched.ShedAt))
            return watched.Last;
        var status = await PrintAsync(label).ConfigureAwait(false);
        if (status.Running)
            _shed.TryRemove(label, out _);
        else if (watched is not null)
            _shed[label] = watched with { CheckedAt = now, Last = status };
        return status;
    }

    /// <summary>How long a shed label's last status stands, <paramref name="sinceShed"/> after the shed.</summary>
    public static TimeSpan CheckInterval(TimeSpan sinceShed) =>
        TimeSpan.FromTicks(Math.Clamp(sinceShed.Ticks / CheckIntervalDivisor, 0, MaxCheckInterval.Ticks));

    private async Task<ServiceStatus> PrintAsync(string label)
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

    private sealed record Watched(DateTimeOffset ShedAt, DateTimeOffset CheckedAt, ServiceStatus Last);
}
