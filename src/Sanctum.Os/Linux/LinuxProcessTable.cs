using System.IO.Enumeration;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.Linux;

/// <summary>
/// Reads the process table straight from procfs: <c>&lt;root&gt;/&lt;pid&gt;/stat</c> and <c>cmdline</c> for every
/// numeric directory, no <c>ps</c> fork. A process that exits mid-scan is skipped silently; a file that does
/// not parse gives one error and the scan goes on. Scans are serialised (the buffers are shared).
/// </summary>
/// <remarks>
/// Reading <c>cmdline</c> makes the kernel walk the target's memory, and the syscalls cost as much as the
/// parsing, so command lines are cached per identity and comm (an exec changes the comm) and re-read every
/// <see cref="CommandRefreshScans"/> scans to pick up titles a process sets after it starts.
/// </remarks>
public sealed class LinuxProcessTable : IProcessTablePort
{
    public const int CommandRefreshScans = 12;

    private static readonly EnumerationOptions ListOptions = new() { AttributesToSkip = 0, IgnoreInaccessible = true };

    private readonly string _procRoot;
    private readonly ProcFile _files;
    private readonly long _pageKb = Environment.SystemPageSize / 1024;
    private readonly Lock _gate = new();
    private Dictionary<int, CachedCommand> _commands = [];
    private Dictionary<int, CachedCommand> _nextCommands = [];
    private long _scan;

    public LinuxProcessTable(string procRoot = "/proc")
    {
        _procRoot = procRoot;
        _files = new ProcFile(procRoot);
    }

    public ParsedTable<ProcRow> Read()
    {
        lock (_gate)
        {
            _scan++;
            var rows = new List<ProcRow>(_commands.Count + 16);
            var errors = new List<ParseError>();
            try
            {
                foreach (var pid in ListPids())
                {
                    var row = ReadOne(pid, out var error);
                    if (row is not null)
                        rows.Add(row);
                    else if (error is not null)
                        errors.Add(error);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ParseError(_procRoot, 0, "cannot list processes: " + e.Message));
            }

            // Entries for pids not seen this scan are dropped with the old dictionary.
            (_commands, _nextCommands) = (_nextCommands, _commands);
            _nextCommands.Clear();
            return new ParsedTable<ProcRow>(rows, errors);
        }
    }

    private FileSystemEnumerable<int> ListPids() =>
        new(_procRoot, static (ref entry) => int.Parse(entry.FileName), ListOptions)
        {
            ShouldIncludePredicate = static (ref entry) => entry.IsDirectory && IsPid(entry.FileName),
        };

    private static bool IsPid(ReadOnlySpan<char> name) =>
        name.Length is > 0 and < 10 && !name.ContainsAnyExceptInRange('0', '9') && name[0] != '0';

    private ProcRow? ReadOne(int pid, out ParseError? error)
    {
        error = null;
        try
        {
            if (_files.TryReadText(pid, "stat") is not { } statText)
                return null;
            var parsed = ProcStatParser.Parse(statText);
            if (parsed.Value is not { } stat)
            {
                error = parsed.Error! with { Source = $"{_procRoot}/{pid}/stat" };
                return null;
            }

            if (stat.Pid != pid)
            {
                error = new ParseError($"{_procRoot}/{pid}/stat", 1, $"pid {stat.Pid} in the file of pid {pid}", statText);
                return null;
            }

            if (CommandOf(pid, stat) is not { } known)
                return null;
            return new ProcRow(pid, stat.StartTimeTicks, stat.RssPages * _pageKb, stat.State.ToString(), stat.Comm, known.Command) { Uid = known.Uid };
        }
        catch (IOException e)
        {
            error = new ParseError(ProcStatParser.Source, 0, "unreadable: " + e.Message);
            return null;
        }
    }

    /// <summary>
    /// The space-joined argv (<c>[comm]</c> for kernel threads) and the real uid (from <c>status</c>, read with it: a
    /// setuid changes it about as often as a title), or null when the process has exited.
    /// </summary>
    private CachedCommand? CommandOf(int pid, ProcStat stat)
    {
        if (_commands.TryGetValue(pid, out var cached) && cached.StartTime == stat.StartTimeTicks
            && cached.Comm == stat.Comm && _scan - cached.ReadAtScan < CommandRefreshScans)
        {
            _nextCommands[pid] = cached;
            return cached;
        }

        if (_files.TryReadText(pid, "cmdline") is not { } raw)
            return null;
        var command = ProcRow.Bound(ProcCmdlineParser.Parse(raw));
        if (command.Length == 0)
            command = $"[{stat.Comm}]";
        var uid = _files.TryReadText(pid, "status") is { } status ? ProcStatusParser.Parse(status).Value?.Uid : null;
        var read = new CachedCommand(stat.StartTimeTicks, stat.Comm, command, _scan, uid);
        _nextCommands[pid] = read;
        return read;
    }

    private readonly record struct CachedCommand(long StartTime, string Comm, string Command, long ReadAtScan, uint? Uid);
}
