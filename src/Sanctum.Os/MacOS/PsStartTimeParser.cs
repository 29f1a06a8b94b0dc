using System.Globalization;

namespace Sanctum.Os.MacOS;

/// <summary>Reads macOS <c>ps</c> <c>lstart</c>, printed under <c>LC_ALL=C TZ=UTC0</c> so the format and zone are fixed.</summary>
public static class PsStartTimeParser
{
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
}
