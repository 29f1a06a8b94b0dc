namespace Sanctum.Configuration.Hocon;

/// <summary>The only exception the HOCON parser throws: what is wrong, and the file and line (1-based) where.</summary>
public sealed class HoconException(string message, string file, int line)
    : Exception($"{message} ({file} line {line})")
{
    public string Reason { get; } = message;

    public string File { get; } = file;

    public int Line { get; } = line;
}
