using System.Runtime.InteropServices;
using Sanctum.Policy.Domain;

namespace Sanctum.Os;

/// <summary>The few libc calls the adapters need (Linux and macOS both export them from "libc").</summary>
internal static class Libc
{
    // Same values on Linux and macOS.
    public const int EPERM = 1;
    public const int ESRCH = 3;

    [DllImport("libc", SetLastError = true)]
    public static extern int kill(int pid, int sig);

    [DllImport("libc")]
    public static extern int getppid();

    [DllImport("libc")]
    public static extern uint getuid();

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>What a failed kill or pidfd_send_signal means for the caller.</summary>
    public static Delivery DeliveryFor(int errno) => errno switch
    {
        ESRCH => Delivery.Gone,
        EPERM => Delivery.NotPermitted,
        _ => Delivery.Failed,
    };
}
