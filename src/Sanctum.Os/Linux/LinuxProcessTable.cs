using System.Globalization;
using System.IO.Enumeration;
using Sanctum.Actors.Ports;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Parsing;

namespace Sanctum.Os.Linux;

/// <summary>
/// Reads the process table straight from procfs: <c>&lt;root&gt;/&lt;pid&gt;/stat</c> and <c>cmdline</c> for every
/// numeric directory, no <c>ps</c> fork. A process that exits mid-scan is skipped silently; a file that does
/// not parse gives one error and the scan goes on.
/// </summary>
public sealed class LinuxProcessTable : IProcessTablePort
{
    private static readonly EnumerationOptions ListOptions = new() { AttributesToSkip = 0, IgnoreInaccessible = true };

    private readonly string _procRoot;
    private readonly long _pageKb = Environment.SystemPageSize / 1024;
    private readonly Lock _gate = new();
    private byte[] _buffer = new byte[4096];
    private int _lastCount = 64;

    public LinuxProcessTable(string procRoot = "/proc") => _procRoot = procRoot;

    public ParsedTable<ProcRow> Read()
    {
        lock (_gate)
        {
            var rows = new List<ProcRow>(_lastCount + 16);
            var errors = new List<ParseError>();
            foreach (var pid in ListPids())
            {
                var row = ReadOne(pid, out var error);
                if (row is not null)
                    rows.Add(row);
                else if (error is not null)
                    errors.Add(error);
            }

            _lastCount = rows.Count;
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
        var directory = Path.Join(_procRoot, pid.ToString(CultureInfo.InvariantCulture));
        var statPath = Path.Join(directory, "stat");
        string? statText, cmdlineText;
        try
        {
            statText = ProcFile.TryReadText(statPath, ref _buffer);
            if (statText is null)
                return null;
            cmdlineText = ProcFile.TryReadText(Path.Join(directory, "cmdline"), ref _buffer);
            if (cmdlineText is null)
                return null;
        }
        catch (IOException e)
        {
            error = new ParseError(directory, 0, "unreadable: " + e.Message);
            return null;
        }

        var parsed = ProcStatParser.Parse(statText);
        if (parsed.Value is not { } stat)
        {
            error = parsed.Error! with { Source = statPath };
            return null;
        }

        if (stat.Pid != pid)
        {
            error = new ParseError(statPath, 1, $"pid {stat.Pid} in the file of pid {pid}", statText);
            return null;
        }

        var command = ProcCmdlineParser.Parse(cmdlineText);
        return new ProcRow(
            pid,
            stat.StartTimeTicks,
            stat.RssPages * _pageKb,
            stat.State.ToString(),
            stat.Comm,
            command.Length == 0 ? $"[{stat.Comm}]" : command);
    }
}
