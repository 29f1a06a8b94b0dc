using System.Globalization;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>Parses macOS <c>ps -o lstart=</c> output, run with <c>LC_ALL=C TZ=UTC0</c> so the format and zone are fixed.</summary>
public static class PsStartTimeParser
{
    public const string Source = "ps lstart";

    /// <summary>
    /// One C-locale <c>%c</c> timestamp, <c>Sat Nov 28 05:50:16 2026</c> (the day is space-padded, so runs of
    /// blanks separate fields), read as UTC and returned as unix seconds. The weekday must match the date.
    /// </summary>
    public static long? ParseLstart(ReadOnlySpan<char> text)
    {
        Span<Range> parts = stackalloc Range[6];
        var count = text.SplitAny(parts, " \t", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (count != 5)
            return null;
        var normalised = string.Join(' ', text[parts[0]].ToString(), text[parts[1]].ToString(), text[parts[2]].ToString(), text[parts[3]].ToString(), text[parts[4]].ToString());
        return DateTime.TryParseExact(
            normalised,
            "ddd MMM d HH:mm:ss yyyy",
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
            out var at)
            ? new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds()
            : null;
    }

    /// <summary>Parses <c>ps -axo pid=,lstart=</c>: pid → unix seconds, one error per bad line, blank lines skipped.</summary>
    public static (Dictionary<int, long> StartTimes, List<ParseError> Errors) ParseTable(string text)
    {
        var starts = new Dictionary<int, long>();
        var errors = new List<ParseError>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.AsSpan().Trim();
            if (line.IsEmpty)
                continue;
            var blank = line.IndexOfAny(' ', '\t');
            if (blank < 0 || !int.TryParse(line[..blank], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                errors.Add(new ParseError(Source, number, "expected 'pid lstart'", raw));
            else if (ParseLstart(line[blank..]) is not { } start)
                errors.Add(new ParseError(Source, number, "lstart: expected 'Sat Nov 28 05:50:16 2026'", raw));
            else if (!starts.TryAdd(pid, start))
                errors.Add(new ParseError(Source, number, $"duplicate pid {pid}", raw));
        }

        return (starts, errors);
    }
}
