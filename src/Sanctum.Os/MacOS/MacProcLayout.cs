using System.Buffers.Binary;
using System.Text;

namespace Sanctum.Os.MacOS;

/// <summary>What <c>proc_pidinfo(PROC_PIDTBSDINFO)</c> says about one process.</summary>
/// <param name="Status">The kernel's <c>p_stat</c>: 1 idle, 2 running, 3 sleeping, 4 stopped, 5 zombie.</param>
/// <param name="Uid">The effective uid (<c>pbi_uid</c>).</param>
/// <param name="Comm">The kernel's process name (<c>p_comm</c>, at most 16 bytes), what <c>ps -o ucomm</c> prints.</param>
/// <param name="Ruid">The real uid (<c>pbi_ruid</c>), what <c>ps -o ruid</c> prints; null when not read.</param>
public sealed record BsdInfo(int Pid, int Ppid, uint Uid, uint Status, string Comm, long StartSeconds, long StartMicroseconds, uint? Ruid = null)
{
    public const uint Zombie = 5;
}

/// <summary>What <c>proc_pidinfo(PROC_PIDTASKALLINFO)</c> says: the BSD part and the task's resident size.</summary>
public sealed record TaskAllInfo(BsdInfo Bsd, long ResidentBytes);

/// <summary>A process's <c>KERN_PROCARGS2</c>: the path it was executed from and its argv.</summary>
public sealed record ProcArgs(string ExecPath, IReadOnlyList<string> Argv)
{
    /// <summary>The command line as <c>ps -o command</c> prints it: argv joined with spaces.</summary>
    public string CommandLine => string.Join(' ', Argv);
}

/// <summary>
/// Decodes <c>struct proc_bsdinfo</c> (xnu bsd/sys/proc_info.h): twelve 32-bit words (flags, status,
/// xstatus, pid, ppid, uid, gid, ruid, rgid, svuid, svgid, rfu_1), <c>char pbi_comm[MAXCOMLEN]</c> (16),
/// <c>char pbi_name[2 * MAXCOMLEN]</c> (32), six 32-bit words (nfiles, pgid, pjobc, e_tdev, e_tpgid, nice),
/// then the start time as two uint64_t, seconds and microseconds. 136 bytes, no padding.
/// <c>struct proc_taskallinfo</c> is that struct followed by <c>struct proc_taskinfo</c> (six uint64_t:
/// virtual size, resident size, user, system, threads' user, threads' system time; then twelve int32_t):
/// 136 + 96 = 232 bytes. <c>KERN_PROCARGS2</c> is an int argc, the exec path NUL-terminated, NUL padding,
/// then argc NUL-terminated argv strings (the environment follows; it is not read).
/// </summary>
public static class MacProcLayout
{
    public const int PidTbsdInfo = 3;

    public const int StatusOffset = 4;
    public const int PidOffset = 12;
    public const int PpidOffset = 16;
    public const int UidOffset = 20;
    public const int RuidOffset = 28;
    public const int CommOffset = 48;
    public const int CommBytes = 16;
    public const int StartSecondsOffset = 120;
    public const int StartMicrosecondsOffset = 128;

    /// <summary>sizeof(struct proc_bsdinfo), <c>PROC_PIDTBSDINFO_SIZE</c>.</summary>
    public const int BsdInfoSize = 136;

    public const int PidTaskAllInfo = 2;
    public const int ResidentSizeOffset = BsdInfoSize + 8;

    /// <summary>sizeof(struct proc_taskallinfo).</summary>
    public const int TaskAllInfoSize = BsdInfoSize + 96;

    /// <returns>Null when the buffer is short.</returns>
    public static TaskAllInfo? DecodeTaskAllInfo(ReadOnlySpan<byte> buffer) =>
        buffer.Length >= TaskAllInfoSize && DecodeBsdInfo(buffer) is { } bsd
            ? new TaskAllInfo(bsd, (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(buffer[ResidentSizeOffset..]), long.MaxValue))
            : null;

    /// <returns>Null when there is no argc or exec path; argv stops at the end of the buffer when it is cut.</returns>
    public static ProcArgs? DecodeProcArgs2(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < sizeof(int))
            return null;
        var argc = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        var rest = buffer[sizeof(int)..];
        var pathEnd = rest.IndexOf((byte)0);
        if (argc < 0 || pathEnd < 0)
            return null;
        var path = Encoding.UTF8.GetString(rest[..pathEnd]);
        rest = rest[pathEnd..];
        var padding = rest.IndexOfAnyExcept((byte)0);
        rest = padding < 0 ? [] : rest[padding..];
        var argv = new List<string>();
        while (argv.Count < argc && !rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)0);
            argv.Add(Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]));
            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return new ProcArgs(path, argv);
    }

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
            (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(buffer[StartMicrosecondsOffset..]), long.MaxValue),
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[RuidOffset..]));
    }
}
