using System.Runtime.InteropServices;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.Linux;

/// <summary>
/// Signals one identity through a pidfd: open the pidfd first, then compare the start time in
/// <c>/proc/&lt;pid&gt;/stat</c>, then signal through the pidfd. Once the pidfd is open it names that process
/// for good, so a pid reused after the check can never be hit. Kernels without pidfds (before 5.3, or a
/// seccomp filter that refuses them) fall back to the check followed by <c>kill</c>, which leaves the usual
/// tiny reuse window.
/// </summary>
public sealed class LinuxSignalPort : ISignalPort
{
    private const long SysPidfdSendSignal = 424;
    private const long SysPidfdOpen = 434;
    private const int ENOSYS = 38;

    private readonly SignalGuard _guard;
    private readonly string _procRoot;

    public LinuxSignalPort(IReadOnlySet<int> protectedPids, string procRoot = "/proc")
    {
        _guard = new SignalGuard(protectedPids);
        _procRoot = procRoot;
    }

    /// <summary>Linux signal numbers; x86-64 and arm64 agree (alpha, mips and sparc do not and are unsupported).</summary>
    public static int Number(Signal signal) => signal switch
    {
        Signal.Stop => 19,
        Signal.Continue => 18,
        _ => 9,
    };

    public Delivery Send(ProcessIdentity target, Signal signal)
    {
        if (_guard.Refuses(target.Pid))
            return Delivery.NotPermitted;

        var pidfd = (int)syscall(SysPidfdOpen, target.Pid, 0);
        if (pidfd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            // pidfd_open(2) itself never answers EPERM; a seccomp filter does.
            return errno is ENOSYS or Libc.EPERM ? SendWithKill(target, signal) : Libc.DeliveryFor(errno);
        }

        try
        {
            if (CheckIdentity(target) is { } mismatch)
                return mismatch;
            return syscall(SysPidfdSendSignal, pidfd, Number(signal), IntPtr.Zero, 0) == 0
                ? Delivery.Delivered
                : Libc.DeliveryFor(Marshal.GetLastPInvokeError());
        }
        finally
        {
            close(pidfd);
        }
    }

    private Delivery SendWithKill(ProcessIdentity target, Signal signal)
    {
        if (CheckIdentity(target) is { } mismatch)
            return mismatch;
        return Libc.kill(target.Pid, Number(signal)) == 0 ? Delivery.Delivered : Libc.DeliveryFor(Libc.Errno);
    }

    /// <summary>Null when the pid still holds the identity's process and it is not a zombie; otherwise why not.</summary>
    private Delivery? CheckIdentity(ProcessIdentity target)
    {
        string? text;
        try
        {
            text = new ProcFile(_procRoot).TryReadText(target.Pid, "stat");
        }
        catch (IOException)
        {
            return Delivery.Failed;
        }

        if (text is null)
            return Delivery.Gone;
        if (ProcStatParser.Parse(text).Value is not { } stat)
            return Delivery.Failed;
        return stat.StartTimeTicks != target.StartTime || stat.State is 'Z' or 'X' ? Delivery.Gone : null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern long syscall(long number, int pid, uint flags);

    [DllImport("libc", SetLastError = true)]
    private static extern long syscall(long number, int pidfd, int sig, IntPtr info, uint flags);

    [DllImport("libc")]
    private static extern int close(int fd);
}
