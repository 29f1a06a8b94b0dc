using System.Runtime.InteropServices;

namespace Sanctum.Os.Linux;

/// <summary>poll(2), eventfd(2) and the raw open/write/read/close that PSI triggers need (Linux only).</summary>
internal static class LinuxPoll
{
    public const short POLLIN = 0x001;
    public const short POLLPRI = 0x002;
    public const short POLLERR = 0x008;
    public const int O_RDWR = 0x2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;
    public const int EINTR = 4;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    public static extern int poll([In, Out] PollFd[] fds, nuint nfds, int timeout);

    [DllImport("libc", SetLastError = true)]
    public static extern int eventfd(uint initval, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern int open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    public static extern nint write(int fd, byte[] buffer, nuint count);

    [DllImport("libc", SetLastError = true)]
    public static extern nint read(int fd, byte[] buffer, nuint count);

    [DllImport("libc")]
    public static extern int close(int fd);
}
