using System.Globalization;
using System.Text;

namespace Sanctum.Policy.Text;

/// <summary>
/// Text another process controls (names, command lines), made safe for a log line or a terminal: every control
/// character becomes a visible escape (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\e</c>, <c>\xNN</c>), and line
/// separators and bidirectional overrides become <c>\u{NNNN}</c>, so a name can neither start a forged line nor
/// send an escape sequence. Applied at the edge: the daemon's log formatter and the client's tables.
/// </summary>
public static class Printable
{
    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var first = IndexOfUnprintable(text);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (!NeedsEscape(c))
            {
                escaped.Append(c);
                continue;
            }

            escaped.Append(c switch
            {
                '\n' => @"\n",
                '\r' => @"\r",
                '\t' => @"\t",
                '\x1b' => @"\e",
                <= '\xff' => string.Create(CultureInfo.InvariantCulture, $@"\x{(int)c:x2}"),
                _ => string.Create(CultureInfo.InvariantCulture, $@"\u{{{(int)c:x4}}}"),
            });
        }

        return escaped.ToString();
    }

    private static int IndexOfUnprintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (NeedsEscape(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    // C0, DEL and C1 controls; the Unicode line and paragraph separators; the bidirectional embeddings,
    // overrides and isolates that reorder what a terminal shows.
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}
