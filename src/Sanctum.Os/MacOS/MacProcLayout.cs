using System.Buffers.Binary;
using System.Text;

namespace Sanctum.Os.MacOS;

/// <summary>What <c>proc_pidinfo(PROC_PIDTBSDINFO)</c> says about one process.</summary>
/// <param name="Status">The kernel's <c>p_stat</c>: 1 idle, 2 running, 3 sleeping, 4 stopped, 5 zombie.</param>
/// <param name="Comm">The kernel's process name (<c>p_comm</c>, at most 16 bytes), what <c>ps -o ucomm</c> prints.</param>
public sealed record BsdInfo(int Pid, int Ppid, uint Uid, uint Status, string Comm, long StartSeconds, long StartMicroseconds)
{
    public const uint Zombie = 5;
}

/// <summary>
/// Decodes <c>struct proc_bsdinfo</c> (xnu bsd/sys/proc_info.h): twelve 32-bit words (flags, status,
/// xstatus, pid, ppid, uid, gid, ruid, rgid, svuid, svgid, rfu_1), <c>char pbi_comm[MAXCOMLEN]</c> (16),
/// <c>char pbi_name[2 * MAXCOMLEN]</c> (32), six 32-bit words (nfiles, pgid, pjobc, e_tdev, e_tpgid, nice),
/// then the start time as two uint64_t, seconds and microseconds. 136 bytes, no padding.
/// </summary>
public static class MacProcLayout
{
    public const string BsdInfoSource = "proc_pidinfo(PROC_PIDTBSDINFO)";

    public const int PidTbsdInfo = 3;

    public const int StatusOffset = 4;
    public const int PidOffset = 12;
    public const int PpidOffset = 16;
    public const int UidOffset = 20;
    public const int CommOffset = 48;
    public const int CommBytes = 16;
    public const int StartSecondsOffset = 120;
    public const int StartMicrosecondsOffset = 128;

    /// <summary>sizeof(struct proc_bsdinfo), <c>PROC_PIDTBSDINFO_SIZE</c>.</summary>
    public const int BsdInfoSize = 136;

    /// <returns>Null when the buffer is short.</returns>
    public static BsdInfo? DecodeBsdInfo(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < BsdInfoSize)
            return null;
        var comm = buffer.Slice(CommOffset, CommBytes);
        var end = comm.IndexOf((byte)0);
        return new BsdInfo(
            BinaryPrimitives.ReadInt32LittleEndian(buffer[PidOffset..]),
            BinaryPrimitives.ReadInt32LittleEndian(buffer[PpidOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[UidOffset..]),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[StatusOffset..]),
            Encoding.UTF8.GetString(end < 0 ? comm : comm[..end]),
            (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(buffer[StartSecondsOffset..]), long.MaxValue),
            (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(buffer[StartMicrosecondsOffset..]), long.MaxValue));
    }
}
