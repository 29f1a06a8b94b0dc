using System.Buffers.Binary;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>
/// The process table with no fork: <c>proc_listallpids</c>, then per pid <c>proc_pidinfo(PROC_PIDTASKALLINFO)</c>
/// (pid, status, start in µs, kernel name, resident size) and <c>sysctl(KERN_PROCARGS2)</c> (argv). A pid that
/// exits meanwhile, or that the kernel will not describe to us, is skipped. Names follow the ps table's rule
/// (<see cref="MacPsParser.FullName"/>), so the two tables agree. A process whose arguments cannot be read is
/// shown as <c>(name)</c>, as ps shows it.
/// </summary>
public sealed class MacNativeProcessTable(Func<IReadOnlyList<int>> listPids, Func<int, TaskAllInfo?> taskInfo, Func<int, ProcArgs?> args) : IProcessTablePort
{
    public const string Description = "native (proc_listallpids, proc_pidinfo PROC_PIDTASKALLINFO, KERN_PROCARGS2)";

    private const int CtlKern = 1;
    private const int KernProcArgs2 = 49;

    public MacNativeProcessTable()
        : this(ListPids, TaskInfo, new ArgsReader().Read)
    {
    }

    public string Reading => Description;

    public ParsedTable<ProcRow> Read()
    {
        var rows = new List<ProcRow>();
        foreach (var pid in listPids())
        {
            if (pid < 0 || taskInfo(pid) is not { } info || info.Bsd.Pid != pid)
                continue;
            var command = args(pid) is { Argv.Count: > 0 } a ? a.CommandLine : $"({info.Bsd.Comm})";
            rows.Add(Row(info, command));
        }

        return new ParsedTable<ProcRow>(rows, []);
    }

    internal static ProcRow Row(TaskAllInfo info, string command) => new(
        info.Bsd.Pid,
        info.Bsd.StartSeconds,
        info.ResidentBytes / 1024,
        State(info.Bsd.Status),
        MacPsParser.FullName(info.Bsd.Comm, command),
        command)
    {
        Uid = info.Bsd.Ruid,
    };

    /// <summary>The ps letter for the kernel's <c>p_stat</c> (SIDL, SRUN, SSLEEP, SSTOP, SZOMB); <c>?</c> otherwise, as ps prints it.</summary>
    internal static string State(uint status) => status switch
    {
        1 => "I",
        2 => "R",
        3 => "S",
        4 => "T",
        5 => "Z",
        _ => "?",
    };

    private static int[] ListPids()
    {
        var count = MacNative.proc_listallpids(null, 0);
        if (count <= 0)
            return [];
        var pids = new int[count + 64]; // room for what starts between the two calls
        var written = MacNative.proc_listallpids(pids, pids.Length * sizeof(int));
        return written <= 0 ? [] : pids[..Math.Min(written, pids.Length)];
    }

    private static TaskAllInfo? TaskInfo(int pid)
    {
        var buffer = new byte[MacProcLayout.TaskAllInfoSize];
        return MacNative.proc_pidinfo(pid, MacProcLayout.PidTaskAllInfo, 0, buffer, buffer.Length) == buffer.Length
            ? MacProcLayout.DecodeTaskAllInfo(buffer)
            : null;
    }

    /// <summary>One <c>kern.argmax</c>-sized buffer for every pid of every scan.</summary>
    private sealed class ArgsReader
    {
        private readonly Lock _lock = new();
        private byte[]? _buffer;

        public ProcArgs? Read(int pid)
        {
            lock (_lock)
            {
                _buffer ??= new byte[ArgMax()];
                var length = (nuint)_buffer.Length;
                return MacNative.sysctl([CtlKern, KernProcArgs2, pid], 3, _buffer, ref length, IntPtr.Zero, 0) == 0
                    ? MacProcLayout.DecodeProcArgs2(_buffer.AsSpan(0, (int)Math.Min(length, (nuint)_buffer.Length)))
                    : null;
            }
        }

        private static int ArgMax()
        {
            var value = new byte[sizeof(int)];
            var length = (nuint)value.Length;
            var argMax = MacNative.sysctlbyname("kern.argmax", value, ref length, IntPtr.Zero, 0) == 0 ? BinaryPrimitives.ReadInt32LittleEndian(value) : 0;
            return argMax is >= 4096 and <= 16 * 1024 * 1024 ? argMax : 1024 * 1024;
        }
    }
}

/// <summary>
/// Compares the native table with one <c>ps</c> table read a moment later, at start. Processes come and go
/// and resident sizes move between the two reads, so the test is on proportions: of the pids ps lists, at
/// least <see cref="MinShare"/> % must be in the native table with the same start second, and of those at
/// least that share must have the same name, command line and real uid, and a resident size within
/// <see cref="RssToleranceKb"/> KiB or <see cref="RssTolerancePercent"/> %. A wrong offset or unit fails
/// every row, not a few.
/// </summary>
public static class TableCrossCheck
{
    public const double MinShare = 90;
    public const long RssToleranceKb = 16 * 1024;
    public const double RssTolerancePercent = 25;

    public static CrossCheckVerdict Decide(IReadOnlyList<ProcRow> native, IReadOnlyList<ProcRow>? ps)
    {
        if (native.Count == 0)
            return new(false, "the native table is empty");
        if (ps is null || ps.Count == 0)
            return new(true, "ps could not be read; native table used unchecked");
        var byPid = new Dictionary<int, ProcRow>();
        foreach (var row in native)
            byPid.TryAdd(row.Pid, row);
        var same = ps.Select(p => (Ps: p, Native: byPid.GetValueOrDefault(p.Pid)))
            .Where(r => r.Native is not null && r.Native.StartTime == r.Ps.StartTime)
            .Select(r => (r.Ps, Native: r.Native!))
            .ToArray();
        var names = same.Count(r => r.Native.Name == r.Ps.Name);
        var commands = same.Count(r => r.Native.Command == r.Ps.Command);
        var uids = same.Count(r => r.Native.Uid == r.Ps.Uid);
        var rss = same.Count(r => Math.Abs(r.Native.RssKb - r.Ps.RssKb) <= Math.Max(RssToleranceKb, r.Ps.RssKb * RssTolerancePercent / 100));
        var summary = $"{same.Length} of {ps.Count} ps pids natively with the same start, of those {names} same name, {commands} same command line, {uids} same real uid, {rss} resident size within tolerance";
        var agree = Share(same.Length, ps.Count) && Share(names, same.Length) && Share(commands, same.Length) && Share(uids, same.Length) && Share(rss, same.Length);
        return new(agree, summary);
    }

    /// <summary>The native table when it agrees with ps now, else the ps table and a log line saying why.</summary>
    public static IProcessTablePort Choose(IProcessTablePort native, MacProcessTable ps, Action<string> log)
    {
        ParsedTable<ProcRow> nativeTable;
        try
        {
            nativeTable = native.Read();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or System.Runtime.InteropServices.MarshalDirectiveException)
        {
            log($"process table: reading with ps, not natively (native read failed: {e.Message})");
            return ps;
        }

        var psTable = ps.Read();
        var verdict = Decide(nativeTable.Rows, psTable.Errors.Count > 0 && psTable.Rows.Count == 0 ? null : psTable.Rows);
        if (!verdict.UseNative)
            log($"process table: reading with ps, not natively ({verdict.Why})");
        return verdict.UseNative ? native : ps;
    }

    private static bool Share(int part, int whole) => whole > 0 && part * 100.0 / whole >= MinShare;
}
