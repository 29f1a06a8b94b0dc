using System.Globalization;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>macOS swap usage, in whole MiB (fractions truncated).</summary>
public sealed record SwapUsage(long TotalMb, long UsedMb, long FreeMb);

/// <summary>Parses <c>sysctl vm.swapusage</c> and its <c>-n</c> form.</summary>
public static class SwapUsageParser
{
    public const string Source = "vm.swapusage";

    private const string Prefix = "vm.swapusage:";
    private static readonly string[] Keys = ["total", "used", "free"];

    /// <summary>
    /// Parses <c>[vm.swapusage:] total = 27648.00M  used = 26843.25M  free = 804.75M  [(encrypted)]</c>.
    /// Units are M (MiB) or G (GiB); anything else is an error. The decimal separator may be a point or a comma. The output must be exactly one non-blank line.
    /// </summary>
    public static Parsed<SwapUsage> Parse(string text)
    {
        SwapUsage? usage = null;
        foreach (var (number, line) in TextLines.Split(text))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (usage is not null)
                return Fail(number, "unexpected extra line", line);
            var parsed = ParseLine(line, number);
            if (parsed.Value is not { } value)
                return parsed;
            usage = value;
        }

        return usage is null ? Fail(0, "empty input", null) : Parsed<SwapUsage>.Success(usage);
    }

    private static Parsed<SwapUsage> ParseLine(string line, int number)
    {
        var body = line.Trim();
        if (body.StartsWith(Prefix, StringComparison.Ordinal))
            body = body[Prefix.Length..];
        var fields = TextLines.Fields(body);
        if (fields.Length < 3 * Keys.Length)
            return Fail(number, "truncated: expected 'total = N used = N free = N'", line);

        var mb = new long[Keys.Length];
        for (var i = 0; i < Keys.Length; i++)
        {
            if (fields[3 * i] != Keys[i] || fields[3 * i + 1] != "=")
                return Fail(number, $"expected '{Keys[i]} ='", line);
            if (ToMb(fields[3 * i + 2]) is not { } value)
                return Fail(number, $"{Keys[i]}: not a size in M or G: '{fields[3 * i + 2]}'", line);
            mb[i] = value;
        }

        if (fields.Length > 3 * Keys.Length + 1 || (fields.Length == 3 * Keys.Length + 1 && !IsParenthesised(fields[^1])))
            return Fail(number, "unexpected trailing text", line);

        return Parsed<SwapUsage>.Success(new SwapUsage(mb[0], mb[1], mb[2]));
    }

    private static long? ToMb(string field)
    {
        if (field.Length < 2)
            return null;
        decimal multiplier = field[^1] switch
        {
            'M' => 1,
            'G' => 1024,
            _ => 0,
        };
        // Digits and one decimal separator only: no sign, exponent or thousands separator. The daemon runs
        // sysctl with LC_ALL=C, but a capture a person made by hand on a French or German Mac has a comma.
        var digits = field[..^1].Replace(',', '.');
        if (multiplier == 0 || !char.IsAsciiDigit(digits[0]) || !char.IsAsciiDigit(digits[^1])
            || !decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || amount > long.MaxValue / multiplier)
            return null;
        return (long)(amount * multiplier);
    }

    private static bool IsParenthesised(string field) => field.Length >= 2 && field[0] == '(' && field[^1] == ')';

    private static Parsed<SwapUsage> Fail(int line, string message, string? text) =>
        Parsed<SwapUsage>.Failure(new ParseError(Source, line, message, text));
}
