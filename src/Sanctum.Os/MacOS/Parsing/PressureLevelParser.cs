using Sanctum.Ports;
namespace Sanctum.Os.MacOS;

/// <summary>Parses <c>sysctl kern.memorystatus_vm_pressure_level</c> and its <c>-n</c> form.</summary>
public static class PressureLevelParser
{
    public const string Source = "kern.memorystatus_vm_pressure_level";

    private const string Prefix = Source + ":";

    /// <summary>
    /// Returns the kernel level as printed. Any positive integer is accepted, not just 1/2/4: the classifier
    /// compares with ≥, so an unexpected 3 or 5 still lands on the right side of each threshold.
    /// </summary>
    public static Parsed<int> Parse(string text)
    {
        int? level = null;
        foreach (var (number, line) in TextLines.Split(text))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            if (level is not null)
                return Fail(number, "unexpected extra line", line);
            var body = line.Trim();
            if (body.StartsWith(Prefix, StringComparison.Ordinal))
                body = body[Prefix.Length..].Trim();
            if (TextLines.TryDigits(body, out int value) is { } problem)
                return Fail(number, problem, line);
            if (value == 0)
                return Fail(number, "level must be positive", line);
            level = value;
        }

        return level is { } result ? Parsed<int>.Success(result) : Fail(0, "empty input", null);
    }

    private static Parsed<int> Fail(int line, string message, string? text) =>
        Parsed<int>.Failure(new ParseError(Source, line, message, text));
}
