using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>Parses macOS <c>ps -axo pid=,rss=,state=,comm=,command=</c>.</summary>
public static class MacPsParser
{
    public const string Source = "ps";

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
        var rest = line.AsSpan().Trim();
        var pidText = NextField(ref rest);
        var rssText = NextField(ref rest);
        var state = NextField(ref rest);

        if (state.Length == 0)
            return Fail(lineNumber, "truncated: expected pid, rss, state, comm and command", line);
        if (TextLines.TryDigits(pidText, out int pid) is { } pidProblem)
            return Fail(lineNumber, "pid: " + pidProblem, line);
        if (TextLines.TryDigits(rssText, out long rssKb) is { } rssProblem)
            return Fail(lineNumber, "rss: " + rssProblem, line);
        // A non-letter here usually means the pre-2026-04-26 shape without a state column.
        if (!char.IsAsciiLetter(state[0]))
            return Fail(lineNumber, $"state: not a process state: '{state}'", line);
        if (rest.Length == 0)
            return Fail(lineNumber, "truncated: missing comm", line);

        var (comm, command) = SplitCommCommand(rest.ToString());
        // macOS ps has no portable start-time column; the adapter supplies it from another source,
        // so rows from this parser carry 0.
        return Parsed<ProcRow>.Success(new ProcRow(pid, 0, rssKb, state, LastPathSegment(comm), command));
    }

    /// <summary>
    /// Splits the text after the state column into <c>comm</c> and <c>command</c>.
    /// </summary>
    /// <remarks>
    /// macOS <c>comm</c> is the executable path, which may contain spaces, and <c>command</c> is argv joined
    /// by spaces, which normally starts with that same path. The rule: take the shortest prefix, ending
    /// before a run of whitespace, such that the text after that whitespace starts with the prefix followed
    /// by whitespace or the end. Shortest wins because the common case is a space-free comm. When no prefix
    /// qualifies (argv[0] was rewritten, or ps shows an unreadable command as <c>(name)</c>), the first
    /// token is comm and the rest is the command.
    /// </remarks>
    internal static (string Comm, string Command) SplitCommCommand(string remainder)
    {
        for (var i = 0; i < remainder.Length; i++)
        {
            if (!IsBlank(remainder[i]) || i == 0 || IsBlank(remainder[i - 1]))
                continue;
            var comm = remainder[..i];
            var command = remainder[i..].TrimStart(' ', '\t');
            if (command.StartsWith(comm, StringComparison.Ordinal)
                && (command.Length == comm.Length || IsBlank(command[comm.Length])))
                return (comm, command);
        }

        var end = remainder.IndexOfAny([' ', '\t']);
        return end < 0 ? (remainder, "") : (remainder[..end], remainder[end..].TrimStart(' ', '\t'));
    }

    /// <summary>The last <c>/</c>-separated segment, untruncated; the whole text when it ends in <c>/</c>.</summary>
    internal static string LastPathSegment(string path)
    {
        var segment = path[(path.LastIndexOf('/') + 1)..];
        return segment.Length == 0 ? path : segment;
    }

    private static string NextField(ref ReadOnlySpan<char> rest)
    {
        var end = rest.IndexOfAny(' ', '\t');
        var field = end < 0 ? rest : rest[..end];
        rest = end < 0 ? [] : rest[end..].TrimStart([' ', '\t']);
        return field.ToString();
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private static Parsed<ProcRow> Fail(int line, string message, string text) =>
        Parsed<ProcRow>.Failure(new ParseError(Source, line, message, text));
}
