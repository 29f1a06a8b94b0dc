using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Sanctum.Daemon.Cli;

/// <summary>Who is on the other end of a Unix socket: SO_PEERCRED on Linux, getpeereid on macOS.</summary>
public static class PeerCredentials
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static int DaemonUid { get; } = (int)geteuid();

    /// <summary>The peer's uid, or null when the OS would not say.</summary>
    public static int? PeerUid(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            Span<byte> ucred = stackalloc byte[12];
            return socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) == ucred.Length ? MemoryMarshal.Read<int>(ucred[4..]) : null;
        }

        return getpeereid((int)socket.Handle, out var uid, out _) == 0 ? (int)uid : null;
    }

    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc")]
    private static extern int getpeereid(int socket, out uint uid, out uint gid);
}
