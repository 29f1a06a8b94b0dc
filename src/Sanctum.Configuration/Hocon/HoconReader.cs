using System.Globalization;
using System.Text.RegularExpressions;

namespace Sanctum.Configuration.Hocon;

/// <summary>
/// Reads typed values out of parsed HOCON and collects a <see cref="ConfigError"/> for every value that does not fit,
/// instead of stopping at the first. A getter that fails returns a placeholder (zero, empty), so callers read on
/// and must check <see cref="Errors"/> before using the result.
/// Durations: <c>500ms</c>, <c>5s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c> (also <c>ns</c>, <c>us</c> and long unit
/// names). A bare number is refused: standard HOCON would read it as milliseconds, the original's environment
/// variables as seconds, so a file must say which (design §7).
/// </summary>
public sealed partial class HoconReader
{
    private readonly List<ConfigError> errors = [];

    public IReadOnlyList<ConfigError> Errors => errors;

    public void Report(ConfigError error) => errors.Add(error);

    public void Report(HoconNode node, string message) => errors.Add(new(node.Path, node.File, node.Line, message));

    /// <summary>The value under <paramref name="key"/>, or null when it is absent or set to <c>null</c>.</summary>
    public static HoconNode? Find(HoconObject obj, string key) =>
        obj.TryGet(key, out var node) && node is not HoconScalar { IsNull: true } ? node : null;

    /// <summary>The value under <paramref name="key"/>; reports it (at the object's line) when absent or null.</summary>
    public HoconNode? Require(HoconObject obj, string key)
    {
        if (obj.TryGet(key, out var node))
        {
            if (node is HoconScalar { IsNull: true })
            {
                Report(node, "is required and cannot be null");
                return null;
            }

            return node;
        }

        Report(new ConfigError(HoconDocument.Join(obj.Path, key), obj.File, obj.Line, "is required"));
        return null;
    }

    /// <summary>Reports every key of <paramref name="obj"/> not in <paramref name="allowed"/>, at that key's line.</summary>
    public void RejectUnknownKeys(HoconObject obj, params IReadOnlyCollection<string> allowed)
    {
        foreach (var field in obj.Fields.Where(f => !allowed.Contains(f.Key)))
        {
            Report(new ConfigError(
                HoconDocument.Join(obj.Path, field.Key),
                field.Value.File,
                field.Value.Line,
                $"unknown key (allowed here: {string.Join(", ", allowed)})"));
        }
    }

    public TimeSpan GetDuration(HoconNode node)
    {
        if (Scalar(node, "a duration like 5s") is not { } raw)
        {
            return TimeSpan.Zero;
        }

        var match = DurationPattern().Match(raw);
        if (match.Success && match.Groups[2].Value.Length == 0)
        {
            Report(node, $"needs a unit, e.g. {match.Groups[1].Value}s (a bare number would be milliseconds in HOCON)");
            return TimeSpan.Zero;
        }

        if (!match.Success || !TicksPerUnit.TryGetValue(match.Groups[2].Value, out var unitTicks))
        {
            Report(node, $"expected a duration like 5s, got {node.Describe()}");
            return TimeSpan.Zero;
        }

        var ticks = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * unitTicks;
        if (!(ticks <= TimeSpan.MaxValue.Ticks / 2))
        {
            Report(node, $"duration {node.Describe()} is too large");
            return TimeSpan.Zero;
        }

        return TimeSpan.FromTicks((long)Math.Round(ticks));
    }

    public int GetInt(HoconNode node) =>
        Scalar(node, "an integer") is not { } raw ? 0
        : int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : Mismatch(node, "an integer", 0);

    public long GetLong(HoconNode node) =>
        Scalar(node, "an integer") is not { } raw ? 0
        : long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
        : Mismatch(node, "an integer", 0L);

    public double GetDouble(HoconNode node) =>
        Scalar(node, "a number") is not { } raw ? 0
        : double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : Mismatch(node, "a number", 0d);

    public bool GetBool(HoconNode node) =>
        Scalar(node, "on or off") switch
        {
            null => false,
            "true" or "on" or "yes" => true,
            "false" or "off" or "no" => false,
            _ => Mismatch(node, "on or off (or true/false, yes/no)", false),
        };

    public string GetString(HoconNode node) => Scalar(node, "a string") ?? "";

    public IReadOnlyList<string> GetStringList(HoconNode node) =>
        node is HoconArray array ? array.Items.Select(GetString).ToList() : Mismatch<IReadOnlyList<string>>(node, "a list of strings", []);

    public IReadOnlyList<HoconObject> GetObjectList(HoconNode node) =>
        node is HoconArray array ? array.Items.Select(GetObject).ToList() : Mismatch<IReadOnlyList<HoconObject>>(node, "a list of objects", []);

    public HoconObject GetObject(HoconNode node) =>
        node as HoconObject ?? Mismatch(node, "an object", new HoconObject(node.File, node.Line, node.Path, []));

    public TimeSpan GetDuration(HoconObject obj, string key) => Require(obj, key) is { } n ? GetDuration(n) : TimeSpan.Zero;

    public TimeSpan GetDuration(HoconObject obj, string key, TimeSpan fallback) => Find(obj, key) is { } n ? GetDuration(n) : fallback;

    public int GetInt(HoconObject obj, string key) => Require(obj, key) is { } n ? GetInt(n) : 0;

    public int GetInt(HoconObject obj, string key, int fallback) => Find(obj, key) is { } n ? GetInt(n) : fallback;

    public long GetLong(HoconObject obj, string key) => Require(obj, key) is { } n ? GetLong(n) : 0;

    public long GetLong(HoconObject obj, string key, long fallback) => Find(obj, key) is { } n ? GetLong(n) : fallback;

    public double GetDouble(HoconObject obj, string key) => Require(obj, key) is { } n ? GetDouble(n) : 0;

    public double GetDouble(HoconObject obj, string key, double fallback) => Find(obj, key) is { } n ? GetDouble(n) : fallback;

    public bool GetBool(HoconObject obj, string key) => Require(obj, key) is { } n && GetBool(n);

    public bool GetBool(HoconObject obj, string key, bool fallback) => Find(obj, key) is { } n ? GetBool(n) : fallback;

    public string GetString(HoconObject obj, string key) => Require(obj, key) is { } n ? GetString(n) : "";

    public string? GetString(HoconObject obj, string key, string? fallback) => Find(obj, key) is { } n ? GetString(n) : fallback;

    public IReadOnlyList<string> GetStringList(HoconObject obj, string key) => Require(obj, key) is { } n ? GetStringList(n) : [];

    public IReadOnlyList<string> GetStringList(HoconObject obj, string key, IReadOnlyList<string> fallback) =>
        Find(obj, key) is { } n ? GetStringList(n) : fallback;

    public IReadOnlyList<HoconObject> GetObjectList(HoconObject obj, string key) => Require(obj, key) is { } n ? GetObjectList(n) : [];

    public IReadOnlyList<HoconObject> GetObjectList(HoconObject obj, string key, IReadOnlyList<HoconObject> fallback) =>
        Find(obj, key) is { } n ? GetObjectList(n) : fallback;

    public HoconObject GetObject(HoconObject obj, string key) =>
        Require(obj, key) is { } n ? GetObject(n) : new HoconObject(obj.File, obj.Line, HoconDocument.Join(obj.Path, key), []);

    private string? Scalar(HoconNode node, string expected)
    {
        if (node is HoconScalar { IsNull: false } scalar)
        {
            return scalar.Raw;
        }

        Report(node, $"expected {expected}, got {node.Describe()}");
        return null;
    }

    private T Mismatch<T>(HoconNode node, string expected, T placeholder)
    {
        Report(node, $"expected {expected}, got {node.Describe()}");
        return placeholder;
    }

    private static readonly Dictionary<string, double> TicksPerUnit = BuildUnits();

    private static Dictionary<string, double> BuildUnits()
    {
        var units = new Dictionary<string, double>(StringComparer.Ordinal);
        void Add(double ticks, params string[] names)
        {
            foreach (var name in names)
            {
                units[name] = ticks;
            }
        }

        Add(0.01, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(TimeSpan.TicksPerMicrosecond, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
