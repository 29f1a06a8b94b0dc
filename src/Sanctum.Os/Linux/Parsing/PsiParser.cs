using System.Globalization;
using Sanctum.Ports;

namespace Sanctum.Os.Linux;

/// <summary>Linux memory pressure stall information: the percentage of time tasks stalled on memory.</summary>
/// <param name="SomeAvg10">At least one task stalled, 10 s average.</param>
/// <param name="FullAvg10">All non-idle tasks stalled at once, 10 s average.</param>
public sealed record Psi(double SomeAvg10, double SomeAvg60, double FullAvg10, double FullAvg60);

/// <summary>Parses Linux <c>/proc/pressure/memory</c>.</summary>
public static class PsiParser
{
    public const string Source = "/proc/pressure/memory";

    /// <summary>
    /// Parses the <c>some</c> and <c>full</c> lines (<c>some avg10=0.00 avg60=0.00 avg300=0.00 total=0</c>);
    /// both are required. Within a line the keys may come in any order and unknown keys are ignored.
    /// </summary>
    public static Parsed<Psi> Parse(string text)
    {
        (double Avg10, double Avg60)? some = null;
        (double Avg10, double Avg60)? full = null;
        foreach (var (number, line) in TextLines.Split(text))
        {
            var fields = TextLines.Fields(line);
            if (fields.Length == 0)
                continue;
            var kind = fields[0];
            if (kind is not ("some" or "full"))
                return Fail(number, $"expected 'some' or 'full', got '{kind}'", line);
            if ((kind == "some" ? some : full) is not null)
                return Fail(number, $"duplicate '{kind}' line", line);

            double? avg10 = null, avg60 = null;
            foreach (var field in fields.AsSpan(1))
            {
                var eq = field.IndexOf('=');
                if (eq <= 0)
                    return Fail(number, $"expected key=value, got '{field}'", line);
                var key = field[..eq];
                if (key is not ("avg10" or "avg60"))
                    continue;
                if (ParsePercent(field[(eq + 1)..]) is not { } percent)
                    return Fail(number, $"{key}: not a percentage from 0 to 100: '{field[(eq + 1)..]}'", line);
                if ((key == "avg10" ? avg10 : avg60) is not null)
                    return Fail(number, $"duplicate key '{key}'", line);
                if (key == "avg10")
                    avg10 = percent;
                else
                    avg60 = percent;
            }

            if (avg10 is not { } ten || avg60 is not { } sixty)
                return Fail(number, $"'{kind}' line lacks avg10 or avg60", line);
            if (kind == "some")
                some = (ten, sixty);
            else
                full = (ten, sixty);
        }

        if (some is not { } s)
            return Fail(0, "missing 'some' line", null);
        if (full is not { } f)
            return Fail(0, "missing 'full' line", null);
        return Parsed<Psi>.Success(new Psi(s.Avg10, s.Avg60, f.Avg10, f.Avg60));
    }

    private static double? ParsePercent(string text)
    {
        // Digits and one point only, so "NaN", "Infinity", signs and exponents are all rejected.
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]) || !char.IsAsciiDigit(text[^1])
            || !double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return null;
        return value <= 100 ? value : null;
    }

    private static Parsed<Psi> Fail(int line, string message, string? text) =>
        Parsed<Psi>.Failure(new ParseError(Source, line, message, text));
}
