namespace Sanctum.Configuration.Hocon;

/// <summary>
/// One problem with a setting: its dotted key (or environment variable), where it came from (line 0 when not from a
/// file line) and what is wrong. Reads as <c>sanctum.valve.tick: expected a duration like 5s, got "fast" (user.conf line 3)</c>.
/// </summary>
public sealed record ConfigError(string Key, string File, int Line, string Message)
{
    public static ConfigError From(HoconException e) => new("", e.File, e.Line, e.Reason);

    public override string ToString()
    {
        var where = Line > 0 ? $"{File} line {Line}" : File;
        return Key.Length == 0 ? $"{Message} ({where})" : $"{Key}: {Message} ({where})";
    }
}
