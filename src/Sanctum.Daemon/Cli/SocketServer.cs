using System.Net.Sockets;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sanctum.Actors.Gateway;

namespace Sanctum.Daemon.Cli;

/// <param name="Path">From <see cref="Configuration.SocketPath"/>.</param>
public sealed record SocketServerOptions(string Path);

/// <summary>
/// Listens on the client's Unix socket (design §8): mode 0600 in a folder created 0700, async I/O only; a path
/// that is not a socket is never removed; when every slot is taken the idlest connection is shed. Each
/// request goes to <see cref="CliGateway"/>. If the socket cannot be opened the guard keeps guarding and says why.
/// </summary>
public sealed class SocketServer(SocketServerOptions options, IRequiredActor<CliGateway> gateway, ILogger<SocketServer> log) : BackgroundService
{
    private const int MaxConnections = 256;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(4);

    /// <summary>A client that does not read its replies holds its slot no longer than this per reply.</summary>
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(2);

    private readonly ClientSlots _slots = new(MaxConnections);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var cli = await gateway.GetAsync(stopping);
        Socket listener;
        try
        {
            listener = Listen(options.Path);
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or InvalidOperationException)
        {
            log.LogError("the sanctum client socket {Path} could not be opened: {Reason}; guarding without it", options.Path, e.Message);
            return;
        }

        log.LogInformation("listening for the sanctum client on {Path}", options.Path);
        try
        {
            while (true)
            {
                var client = await listener.AcceptAsync(stopping);
                if (_slots.TryTake(() => HasRequestWaiting(client)) is not { } slot)
                {
                    client.Dispose();
                    continue;
                }

                _ = Task.Run(() => CliConnection.ServeAsync(client, slot, cli, new CliConnectionLimits(Idle, AnswerTimeout, WriteTimeout), log, stopping), CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
        finally
        {
            listener.Dispose();
            if (FileStatus.Of(options.Path) is null or { IsSocket: true })
            {
                File.Delete(options.Path);
            }
        }
    }

    private static bool HasRequestWaiting(Socket client)
    {
        try
        {
            return client.Available > 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private Socket Listen(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new InvalidOperationException("Unix sockets with file modes need Linux or macOS");
        }

        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else if ((File.GetUnixFileMode(folder) & (UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
        {
            log.LogWarning("the socket's folder {Folder} can be entered by others; the socket is still 0600 and peers are checked by uid", folder);
        }

        if (FileStatus.Of(path) is { IsSocket: false })
        {
            throw new InvalidOperationException($"{path} is there and is not a socket; it is left alone: remove it or give sanctumd another --socket");
        }

        if (File.Exists(path))
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new InvalidOperationException("another sanctumd is listening on it");
            }
            catch (SocketException)
            {
                File.Delete(path);
            }
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            socket.Listen(MaxConnections);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
