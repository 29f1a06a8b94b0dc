using System.Net.Sockets;
using System.Text;
using Akka.Event;

namespace Sanctum.Daemon.Heartbeat;

/// <summary>Tells the service manager how the guard is doing (<c>READY=1</c>, <c>WATCHDOG=1</c>, <c>STOPPING=1</c>).</summary>
public interface IServiceNotifier
{
    /// <exception cref="SocketException">The service manager's socket did not take it.</exception>
    void Notify(string state);
}

public static class ServiceNotifierExtensions
{
    /// <summary><see cref="IServiceNotifier.Notify"/>, a socket that does not take it logged as a warning.</summary>
    /// <returns>Whether the service manager took it.</returns>
    public static bool TryNotify(this IServiceNotifier notifier, string state, ILoggingAdapter log)
    {
        try
        {
            notifier.Notify(state);
            return true;
        }
        catch (SocketException e)
        {
            log.Warning("systemd not notified: {0}", e.Message);
            return false;
        }
    }
}

/// <summary>
/// <c>sd_notify(3)</c>: one datagram to the Unix socket named by <c>$NOTIFY_SOCKET</c>; a leading <c>@</c> names a
/// socket in the abstract namespace. The variable is removed once read, as <c>sd_notify(unset_environment=1)</c>
/// does, so hooks and commands the daemon starts never speak for it.
/// </summary>
public sealed class SystemdNotify(string socket) : IServiceNotifier
{
    public const string Variable = "NOTIFY_SOCKET";

    public string Socket { get; } = socket;

    /// <summary>Null when the daemon was not started by a service manager that listens (<c>Type=notify</c>).</summary>
    public static SystemdNotify? FromEnvironment()
    {
        var socket = Environment.GetEnvironmentVariable(Variable);
        Environment.SetEnvironmentVariable(Variable, null);
        return socket is { Length: > 0 } ? new SystemdNotify(socket) : null;
    }

    public void Notify(string state)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        var path = Socket[0] == '@' ? "\0" + Socket[1..] : Socket;
        socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path));
    }
}
