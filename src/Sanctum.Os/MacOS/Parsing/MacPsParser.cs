using System.Text;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>
/// Parses <c>LC_ALL=C ps -axww -o pid=,ppid=,uid=,ruid=,rss=,state=,lstart=,ucomm=,command=</c> (<see cref="Arguments"/>),
/// and captures made before <c>ruid</c> was asked for (then <see cref="ProcRow.Uid"/> stays null).
/// </summary>
/// <remarks>
/// The layout follows Apple's <c>ps</c> source: the numbers are right-justified and widen when a value does;
/// <c>lstart</c> is <c>strftime("%c")</c>, 24 characters in the C locale, left-justified in 28; <c>ucomm</c>
/// (the kernel's <c>p_comm</c>, the executable's file name cut to 16 bytes, spaces allowed) is left-justified
/// in 16 bytes; <c>command</c> is last, so it is never cut and may start with a rewritten argv[0] such as
/// <c>postgres: checkpointer</c>. Because names and dates contain spaces, the last three columns are read by
/// position, not by splitting on blanks.
/// </remarks>
public static class MacPsParser
{
    public const string Source = "ps";

    public static readonly string[] Arguments = ["-axww", "-o", "pid=,ppid=,uid=,ruid=,rss=,state=,lstart=,ucomm=,command="];

    private const int LstartWidth = 24;
    private const int LstartColumn = 28;
    private const int UcommBytes = 16;

    /// <summary>
    /// Parses the whole table. Blank lines are skipped silently; every other line either yields a row or
    /// exactly one <see cref="ParseError"/>.
    /// </summary>
    public static ParsedTable<ProcRow> Parse(string text)
    {
        var rows = new List<ProcRow>();
        var errors = new List<ParseError>();
        foreach (var (number, line) in TextLines.Split(text))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var result = ParseLine(line, number);
            if (result.Value is { } row)
                rows.Add(row);
            else if (result.Error is { } error)
                errors.Add(error);
        }

        return new ParsedTable<ProcRow>(rows, errors);
    }

    /// <summary>Parses one row; <paramref name="lineNumber"/> is only used to label the error.</summary>
    internal static Parsed<ProcRow> ParseLine(string line, int lineNumber)
    {
        var at = 0;
        var pidText = NextField(line, ref at);
        var ppidText = NextField(line, ref at);
        var uidText = NextField(line, ref at);
        var fourth = NextField(line, ref at);
        var fifth = NextField(line, ref at);

        // A state is never a number: five numbers are pid, ppid, uid, ruid and rss; four are a capture without ruid.
        var withRuid = fifth.Length > 0 && char.IsAsciiDigit(fifth[0]);
        var (ruidText, rssText, state) = withRuid ? (fourth, fifth, NextField(line, ref at)) : (null, fourth, fifth);

        if (state.Length == 0)
            return Fail(lineNumber, "truncated: expected pid, ppid, uid, rss, state, lstart, ucomm and command", line);
        if (TextLines.TryDigits(pidText, out int pid) is { } pidProblem)
            return Fail(lineNumber, "pid: " + pidProblem, line);
        if (TextLines.TryDigits(ppidText, out int _) is { } ppidProblem)
            return Fail(lineNumber, "ppid: " + ppidProblem, line);
        if (TextLines.TryDigits(uidText, out long _) is { } uidProblem)
            return Fail(lineNumber, "uid: " + uidProblem, line);
        uint? ruid = null;
        if (ruidText is not null)
        {
            if (TextLines.TryDigits(ruidText, out long real) is { } ruidProblem)
                return Fail(lineNumber, "ruid: " + ruidProblem, line);
            if (real > uint.MaxValue)
                return Fail(lineNumber, $"ruid: out of range: '{ruidText}'", line);
            ruid = (uint)real;
        }

        if (TextLines.TryDigits(rssText, out long rssKb) is { } rssProblem)
            return Fail(lineNumber, "rss: " + rssProblem, line);
        // ps prints '?' for a task it could not read: a row whose state is unknown, not a broken line.
        if (!char.IsAsciiLetter(state[0]) && state[0] != '?')
            return Fail(lineNumber, $"state: not a process state: '{state}' (expected the columns of ps {string.Join(' ', Arguments)})", line);

        while (at < line.Length && line[at] == ' ')
            at++;
        if (line.Length < at + LstartWidth)
            return Fail(lineNumber, "truncated: missing lstart", line);
        if (PsStartTimeParser.ParseLstart(line.AsSpan(at, LstartWidth)) is not { } start
            || line.AsSpan(at + LstartWidth, Math.Min(LstartColumn, line.Length - at) - LstartWidth).ContainsAnyExcept(' '))
            return Fail(lineNumber, $"lstart: expected the C locale's 'Sat Nov 28 05:50:16 2026' (LC_ALL=C): '{line.AsSpan(at, LstartWidth)}'", line);

        var ucommStart = at + LstartColumn + 1;
        if (SplitUcomm(line, ucommStart) is not var (ucomm, command))
            return Fail(lineNumber, "truncated: missing ucomm or command", line);
        return Parsed<ProcRow>.Success(new ProcRow(pid, start, rssKb, state, FullName(ucomm, command), command) { Uid = ruid });
    }

    /// <summary>
    /// Splits at the end of the 16-byte <c>ucomm</c> column. A name wider than the column (bytes ≥ 0x80 printed
    /// as <c>M-</c> escapes) pushes the command right; it then ends at the first blank after the column.
    /// </summary>
    private static (string Ucomm, string Command)? SplitUcomm(string line, int start)
    {
        var at = start;
        var bytes = 0;
        while (at < line.Length && bytes < UcommBytes)
        {
            var width = char.IsHighSurrogate(line[at]) && at + 1 < line.Length ? 2 : 1;
            bytes += Encoding.UTF8.GetByteCount(line.AsSpan(at, width));
            at += width;
        }

        if (bytes < UcommBytes || at >= line.Length)
            return null;
        if (line[at] != ' ')
            at = line.IndexOf(' ', at) is var blank and >= 0 ? blank : line.Length;
        var command = at < line.Length ? line[(at + 1)..] : "";
        return (line[start..at].TrimEnd(' '), command);
    }

    /// <summary>
    /// <c>ucomm</c> is cut to 16 bytes; when it fills them and the command line holds a longer file name that
    /// starts with it (<c>qemu-system-aarc</c> in <c>/opt/homebrew/bin/qemu-system-aarch64 -M virt</c>), that
    /// file name is the name a person knows.
    /// </summary>
    internal static string FullName(string ucomm, string command)
    {
        if (Encoding.UTF8.GetByteCount(ucomm) < UcommBytes)
            return ucomm;
        var probe = "/" + ucomm;
        for (var at = command.IndexOf(probe, StringComparison.Ordinal); at >= 0; at = command.IndexOf(probe, at + 1, StringComparison.Ordinal))
        {
            var tail = at + probe.Length;
            var end = command.AsSpan(tail).IndexOfAny(' ', '/');
            if (end < 0)
                return command[(at + 1)..];
            if (command[tail + end] == ' ')
                return command[(at + 1)..(tail + end)];
        }

        return ucomm;
    }

    private static string NextField(string line, ref int at)
    {
        while (at < line.Length && line[at] is ' ' or '\t')
            at++;
        var start = at;
        while (at < line.Length && line[at] is not (' ' or '\t'))
            at++;
        return line[start..at];
    }

    private static Parsed<ProcRow> Fail(int line, string message, string text) =>
        Parsed<ProcRow>.Failure(new ParseError(Source, line, message, text));
}
