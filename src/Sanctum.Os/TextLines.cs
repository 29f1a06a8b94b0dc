using System.Globalization;

namespace Sanctum.Os;

/// <summary>Line splitting and number reading shared by the parsers.</summary>
internal static class TextLines
{
    /// <summary>Splits on <c>\n</c>, dropping a trailing <c>\r</c> so CRLF input parses like LF input.</summary>
    public static IEnumerable<(int Number, string Text)> Split(string text)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            yield return (i + 1, line.EndsWith('\r') ? line[..^1] : line);
        }
    }

    /// <summary>The fields of a line, separated by runs of spaces or tabs.</summary>
    public static string[] Fields(string line) =>
        line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Reads an unsigned decimal integer (ASCII digits only: no sign, no separators, no Unicode digits).
    /// Returns null on success, otherwise why the text was rejected.
    /// </summary>
    public static string? TryDigits(string text, out long value)
    {
        value = 0;
        if (text.Length == 0)
            return "empty number";
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
                return $"not a non-negative integer: '{text}'";
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value)
            ? null
            : $"number out of range: '{text}'";
    }

    /// <summary>As <see cref="TryDigits(string, out long)"/>, for values that must fit an <see cref="int"/>.</summary>
    public static string? TryDigits(string text, out int value)
    {
        value = 0;
        var problem = TryDigits(text, out long wide);
        if (problem is not null)
            return problem;
        if (wide > int.MaxValue)
            return $"number out of range: '{text}'";
        value = (int)wide;
        return null;
    }

    /// <summary>Reads <c>1234 kB</c>, as sizes appear in Linux <c>/proc</c> files. Returns null on success, otherwise why not.</summary>
    public static string? TryKb(string value, out long kb)
    {
        kb = 0;
        var fields = Fields(value);
        if (fields.Length != 2 || fields[1] != "kB")
            return $"expected 'N kB', got '{value}'";
        return TryDigits(fields[0], out kb);
    }
}
