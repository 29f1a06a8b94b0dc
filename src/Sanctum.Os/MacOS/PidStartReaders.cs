using System.Globalization;
using System.Runtime.InteropServices;
using Sanctum.Policy.Domain;

namespace Sanctum.Os.MacOS;

/// <summary>The start time (unix seconds) of a live pid, read right before it is signalled; otherwise what the signal port reports instead.</summary>
public readonly record struct PidStart(long? StartSeconds, Delivery Instead)
{
    public static PidStart Of(long seconds) => new(seconds, Delivery.Delivered);

    public static PidStart None(Delivery instead) => new(null, instead);
}

/// <summary>Reads a pid's start time so <see cref="MacSignalPort"/> never signals a reused pid.</summary>
public interface IPidStartReader
{
    /// <summary>How the start time is read, for the log.</summary>
    string Reading { get; }

    PidStart Read(int pid);
}

/// <summary>One <c>ps -o lstart= -p PID</c> per signal: the fallback when the native read is not trusted.</summary>
public sealed class PsPidStartReader(ICommandRunner runner) : IPidStartReader
{
    public const string Description = "ps -o lstart= -p PID before each signal";

    public string Reading => Description;

    public PidStart Read(int pid)
    {
        var check = runner.Run(MacCommands.Ps, ["-o", "lstart=", "-p", pid.ToString(CultureInfo.InvariantCulture)], MacCommands.Timeout);
        // ps exits 1 with no output when the pid does not exist.
        if (check.ExitCode == 1 && string.IsNullOrWhiteSpace(check.Output))
            return PidStart.None(Delivery.Gone);
        return check.Succeeded && PsStartTimeParser.ParseLstart(check.Output) is { } start
            ? PidStart.Of(start)
            : PidStart.None(Delivery.Failed);
    }
}

/// <summary>One <c>proc_pidinfo(PROC_PIDTBSDINFO)</c> result: the decoded struct, or null and the errno.</summary>
public sealed record BsdInfoRead(BsdInfo? Info, int Errno, string Error = "");

/// <summary>
/// The start time from <c>proc_pidinfo(PROC_PIDTBSDINFO)</c>, no fork. A zombie is gone (it holds no memory
/// and a signal does nothing to it). The kernel refuses another user's process with EPERM unless we are root,
/// as kill(2) would.
/// </summary>
public sealed class NativePidStartReader(Func<int, BsdInfoRead> query) : IPidStartReader
{
    public const string Description = "native (proc_pidinfo PROC_PIDTBSDINFO)";

    public NativePidStartReader()
        : this(Query)
    {
    }

    public string Reading => Description;

    public BsdInfoRead ReadInfo(int pid) => query(pid);

    public PidStart Read(int pid) => Interpret(pid, query(pid));

    internal static PidStart Interpret(int pid, BsdInfoRead read) => read.Info switch
    {
        null => PidStart.None(Libc.DeliveryFor(read.Errno)),
        { } info when info.Pid != pid => PidStart.None(Delivery.Failed),
        { Status: BsdInfo.Zombie } => PidStart.None(Delivery.Gone),
        { } info => PidStart.Of(info.StartSeconds),
    };

    private static BsdInfoRead Query(int pid)
    {
        var buffer = new byte[MacProcLayout.BsdInfoSize];
        var written = MacNative.proc_pidinfo(pid, MacProcLayout.PidTbsdInfo, 0, buffer, buffer.Length);
        if (written <= 0)
            return new BsdInfoRead(null, Libc.Errno, $"failed, errno {Libc.Errno}");
        return written == buffer.Length
            ? new BsdInfoRead(MacProcLayout.DecodeBsdInfo(buffer), 0)
            : new BsdInfoRead(null, 0, $"{written} bytes, expected {buffer.Length}");
    }
}

/// <summary>
/// Checks the native identity read against <c>ps</c> once, on this process: the pid, the uid, the start
/// second and the kernel name must be exactly what <c>ps</c> and <c>getuid</c> say (they read the same kernel
/// fields, so there is no tolerance), and the microseconds and status must be in range. A wrong offset reads
/// a neighbouring field, which none of these survive.
/// </summary>
public static class IdentityCrossCheck
{
    /// <summary>The ps arguments for one pid's start and kernel name (<c>lstart</c> is 24 characters in the C locale).</summary>
    public static string[] PsArguments(int pid) => ["-o", "lstart=,ucomm=", "-p", pid.ToString(CultureInfo.InvariantCulture)];

    /// <summary>Reads what <see cref="PsArguments"/> printed.</summary>
    public static (long Start, string Comm)? ParsePs(string output)
    {
        var line = output.Trim('\n', '\r', ' ');
        const int LstartWidth = 24;
        if (line.Length <= LstartWidth || PsStartTimeParser.ParseLstart(line.AsSpan(0, LstartWidth)) is not { } start)
            return null;
        return (start, line[LstartWidth..].Trim(' '));
    }

    /// <param name="ps">What ps said; null when it could not be read, and then only pid, uid and ranges are checked.</param>
    public static CrossCheckVerdict Decide(int pid, uint uid, BsdInfoRead native, (long Start, string Comm)? ps)
    {
        if (native.Info is not { } info)
            return new(false, $"native read of pid {pid} failed: {(native.Error.Length > 0 ? native.Error : $"errno {native.Errno}")}");
        var off = new List<string>();
        if (info.Pid != pid)
            off.Add($"pid {info.Pid} native, asked {pid}");
        if (info.Uid != uid)
            off.Add($"uid {info.Uid} native, {uid} by getuid");
        if (ps is { } byPs && info.StartSeconds != byPs.Start)
            off.Add($"start {info.StartSeconds} native, {byPs.Start} by ps");
        if (ps is { } named && info.Comm != named.Comm)
            off.Add($"name '{info.Comm}' native, '{named.Comm}' by ps");
        if (info.StartMicroseconds is < 0 or >= 1_000_000)
            off.Add($"start microseconds {info.StartMicroseconds} out of range");
        if (info.Status is < 1 or > BsdInfo.Zombie)
            off.Add($"status {info.Status} out of range");
        if (off.Count > 0)
            return new(false, string.Join("; ", off));
        return ps is null
            ? new(true, "ps could not be read; native checked on pid, uid and ranges only")
            : new(true, "native and ps agree");
    }

    /// <summary>The native reader when it agrees with ps on this process, else the ps reader and a log line saying why.</summary>
    public static IPidStartReader Choose(NativePidStartReader native, ICommandRunner runner, Action<string> log)
    {
        var pid = Environment.ProcessId;
        BsdInfoRead read;
        try
        {
            read = native.ReadInfo(pid);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            read = new BsdInfoRead(null, 0, e.Message);
        }

        var ps = runner.Run(MacCommands.Ps, PsArguments(pid), MacCommands.Timeout);
        var verdict = Decide(pid, Libc.getuid(), read, ps.Succeeded ? ParsePs(ps.Output) : null);
        var said = $"native: {read.Info?.ToString() ?? read.Error}; ps: {(ps.Succeeded ? ps.Output.Trim() : ps.ToString())}";
        if (!verdict.UseNative)
        {
            log($"signals: checking identities with ps, not natively ({verdict.Why}); {said}");
            return new PsPidStartReader(runner);
        }

        if (!ps.Succeeded)
            log($"signals: checking identities natively ({verdict.Why}); {said}");
        return native;
    }
}
