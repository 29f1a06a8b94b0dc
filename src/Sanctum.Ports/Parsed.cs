namespace Sanctum.Ports;

/// <summary>Why one line (1-based; 0 when the whole input is at fault) could not be parsed.</summary>
public sealed record ParseError(string Source, int Line, string Message, string? Text = null)
{
    public override string ToString() =>
        Line > 0 ? $"{Source}: line {Line}: {Message}" + (Text is null ? "" : $" ({Truncate(Text)})") : $"{Source}: {Message}";

    private static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

/// <summary>A parse that either produced a value or an error; parsers never throw.</summary>
public readonly record struct Parsed<T>(T? Value, ParseError? Error)
{
    public bool Ok => Error is null;

    public static Parsed<T> Success(T value) => new(value, null);

    public static Parsed<T> Failure(ParseError error) => new(default, error);
}

/// <summary>A table parse: the good rows, and one error per skipped line.</summary>
public sealed record ParsedTable<T>(IReadOnlyList<T> Rows, IReadOnlyList<ParseError> Errors);
