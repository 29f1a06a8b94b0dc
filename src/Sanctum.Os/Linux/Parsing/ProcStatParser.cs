using Sanctum.Ports;
namespace Sanctum.Os.Linux;

/// <summary>The fields of Linux <c>/proc/&lt;pid&gt;/stat</c> the valve uses.</summary>
/// <param name="StartTimeTicks">Field 22: start time after boot, in clock ticks (<c>sysconf(_SC_CLK_TCK)</c>).</param>
/// <param name="RssPages">Field 24: resident set size in pages.</param>
public sealed record ProcStat(int Pid, string Comm, char State, int PPid, long StartTimeTicks, long RssPages);

/// <summary>Parses Linux <c>/proc/&lt;pid&gt;/stat</c>.</summary>
public static class ProcStatParser
{
    public const string Source = "/proc/<pid>/stat";

    // 1-based field numbers from proc(5); fields 1 and 2 (pid, comm) come before the last ')'.
    private const int StateField = 3;
    private const int PPidField = 4;
    private const int StartTimeField = 22;
    private const int RssField = 24;

    /// <summary>
    /// Parses the single record. The comm lies between the first <c>(</c> and the last <c>)</c>, since a comm
    /// may itself contain spaces, parentheses and even newlines; for the same reason the text is not split
    /// into lines and every error names line 1.
    /// </summary>
    public static Parsed<ProcStat> Parse(string text)
    {
        var record = text.TrimEnd('\n', '\r');
        var open = record.IndexOf('(');
        var close = record.LastIndexOf(')');
        if (open < 0 || close < open)
            return Fail("expected 'pid (comm) ...'", record);
        if (TextLines.TryDigits(record[..open].Trim(), out int pid) is { } pidProblem)
            return Fail("pid: " + pidProblem, record);

        var fields = TextLines.Fields(record[(close + 1)..]);
        if (fields.Length < RssField - 2)
            return Fail($"truncated: {fields.Length + 2} fields, need at least {RssField}", record);

        string Field(int number) => fields[number - 3];

        if (Field(StateField).Length != 1)
            return Fail($"state: expected one character, got '{Field(StateField)}'", record);
        if (TextLines.TryDigits(Field(PPidField), out int ppid) is { } ppidProblem)
            return Fail("ppid: " + ppidProblem, record);
        if (TextLines.TryDigits(Field(StartTimeField), out long startTime) is { } startProblem)
            return Fail("starttime: " + startProblem, record);
        if (TextLines.TryDigits(Field(RssField), out long rss) is { } rssProblem)
            return Fail("rss: " + rssProblem, record);

        return Parsed<ProcStat>.Success(new ProcStat(pid, record[(open + 1)..close], Field(StateField)[0], ppid, startTime, rss));
    }

    private static Parsed<ProcStat> Fail(string message, string text) =>
        Parsed<ProcStat>.Failure(new ParseError(Source, 1, message, text));
}
