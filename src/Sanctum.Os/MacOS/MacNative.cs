using System.Runtime.InteropServices;

namespace Sanctum.Os.MacOS;

/// <summary>
/// The libSystem calls behind the native readings. Only declarations: the buffers they fill are decoded by
/// <see cref="MacNativeLayout"/> and <see cref="MacProcLayout"/>, which are pure and tested without a Mac.
/// </summary>
internal static class MacNative
{
    private const string LibSystem = "/usr/lib/libSystem.dylib";

    public const int HostVmInfo64 = 4;
    public const int KernSuccess = 0;

    [DllImport(LibSystem)]
    public static extern uint mach_host_self();

    /// <param name="count">In: the buffer's size in 32-bit words (<c>HOST_VM_INFO64_COUNT</c>); out: the words written.</param>
    [DllImport(LibSystem)]
    public static extern int host_statistics64(uint host, int flavor, [Out] byte[] info, ref uint count);

    [DllImport(LibSystem)]
    public static extern int host_page_size(uint host, out nuint pageSize);

    [DllImport(LibSystem, SetLastError = true)]
    public static extern int sysctlbyname([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [Out] byte[] value, ref nuint length, IntPtr newValue, nuint newLength);

    /// <returns>The bytes written; 0 or less on failure (errno: ESRCH no such process, EPERM another user's).</returns>
    [DllImport(LibSystem, SetLastError = true)]
    public static extern int proc_pidinfo(int pid, int flavor, ulong arg, [Out] byte[] buffer, int bufferSize);

    /// <returns>The number of pids written; with a null buffer, how many there are now.</returns>
    [DllImport(LibSystem, SetLastError = true)]
    public static extern int proc_listallpids([Out] int[]? buffer, int bufferSize);

    [DllImport(LibSystem, SetLastError = true)]
    public static extern int sysctl([In] int[] name, uint nameLength, [Out] byte[] value, ref nuint length, IntPtr newValue, nuint newLength);
}
