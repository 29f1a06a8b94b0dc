using System.Globalization;
using System.Security;
using Sanctum.Configuration.Hocon;

namespace Sanctum.Configuration;

/// <summary>
/// Builds <see cref="SanctumOptions"/> from the embedded defaults (<c>hocon/sanctum.conf</c>), a user's HOCON layered
/// over them, and the original's environment variables layered over both. Never throws: a bad configuration comes
/// back as every <see cref="ConfigError"/> found, each naming the key and where it was set.
/// </summary>
public static class SanctumConfigLoader
{
    public const string DefaultsFileName = "sanctum.conf";
    public const string TickVariable = "PRESSURE_VALVE_TICK";
    public const string DebounceVariable = "PRESSURE_VALVE_DEBOUNCE";
    public const string CooldownVariable = "PRESSURE_VALVE_COOLDOWN";
    public const string DryRunVariable = "PRESSURE_VALVE_DRY_RUN";

    /// <summary>The text of the embedded defaults.</summary>
    public static string DefaultsText { get; } = ReadDefaults();

    /// <summary>Loads <paramref name="userFile"/> (or only the defaults when null) with <paramref name="environment"/> on top.</summary>
    public static ConfigLoadResult Load(string? userFile, IReadOnlyDictionary<string, string?> environment)
    {
        if (userFile is null)
        {
            return LoadOverrides(null, environment);
        }

        string text;
        try
        {
            text = File.ReadAllText(userFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException)
        {
            return ConfigLoadResult.Failure([new ConfigError("", userFile, 0, $"cannot read the file: {e.Message}")]);
        }

        return LoadFromText(text, userFile, environment);
    }

    /// <summary>Loads a user configuration given as text; its root may hold only <c>sanctum { … }</c>.</summary>
    public static ConfigLoadResult LoadFromText(string userText, string fileName, IReadOnlyDictionary<string, string?> environment)
    {
        HoconObject root;
        try
        {
            root = HoconDocument.Parse(userText, fileName);
        }
        catch (HoconException e)
        {
            return ConfigLoadResult.Failure([ConfigError.From(e)]);
        }

        var reader = new HoconReader();
        reader.RejectUnknownKeys(root, "sanctum");
        var sanctum = HoconReader.Find(root, "sanctum") is { } node ? reader.GetObject(node) : null;
        return Build(reader, sanctum, environment);
    }

    /// <summary>Loads an already-parsed <c>sanctum { … }</c> object (a scenario's overrides) over the defaults.</summary>
    public static ConfigLoadResult LoadOverrides(HoconObject? sanctum, IReadOnlyDictionary<string, string?> environment) =>
        Build(new HoconReader(), sanctum, environment);

    private static ConfigLoadResult Build(HoconReader reader, HoconObject? user, IReadOnlyDictionary<string, string?> environment)
    {
        HoconObject defaults;
        try
        {
            defaults = HoconReader.Find(HoconDocument.Parse(DefaultsText, DefaultsFileName), "sanctum") as HoconObject
                ?? throw new HoconException("the defaults have no sanctum object", DefaultsFileName, 1);
        }
        catch (HoconException e)
        {
            return ConfigLoadResult.Failure([ConfigError.From(e)]);
        }

        var merged = user?.MergeOver(defaults) ?? defaults;
        merged = ApplyEnvironment(reader, merged, environment);
        var options = new OptionsReader(reader).Read(merged);
        return reader.Errors.Count == 0 ? ConfigLoadResult.Success(options) : ConfigLoadResult.Failure(reader.Errors);
    }

    private static HoconObject ApplyEnvironment(HoconReader reader, HoconObject sanctum, IReadOnlyDictionary<string, string?> environment)
    {
        (string Variable, string[] Keys, Func<string, string?> Convert, string Expected)[] variables =
        [
            (TickVariable, ["valve", "tick"], v => WholeNumber(v) is { } n ? $"{n}s" : null, "whole seconds like 5"),
            (DebounceVariable, ["valve", "debounce"], v => WholeNumber(v)?.ToString(CultureInfo.InvariantCulture), "a whole number like 2"),
            (CooldownVariable, ["valve", "cooldown"], v => WholeNumber(v) is { } n ? $"{n}s" : null, "whole seconds like 120"),
            (DryRunVariable, ["dry-run"], v => v.ToLowerInvariant() switch { "1" or "true" => "on", "0" or "false" => "off", _ => null }, "1 or 0 (or true/false)"),
        ];

        foreach (var (variable, keys, convert, expected) in variables)
        {
            if (!environment.TryGetValue(variable, out var value) || string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (convert(value.Trim()) is not { } hocon)
            {
                reader.Report(new ConfigError(variable, "environment", 0, $"expected {expected}, got \"{value}\""));
                continue;
            }

            var file = $"environment variable {variable}";
            HoconNode node = new HoconScalar(file, 0, $"{sanctum.Path}.{string.Join('.', keys)}", hocon, Quoted: false);
            for (var i = keys.Length - 1; i >= 0; i--)
            {
                var path = i == 0 ? sanctum.Path : $"{sanctum.Path}.{string.Join('.', keys[..i])}";
                node = new HoconObject(file, 0, path, [new HoconField(keys[i], node)]);
            }

            sanctum = ((HoconObject)node).MergeOver(sanctum);
        }

        return sanctum;
    }

    private static long? WholeNumber(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string ReadDefaults()
    {
        using var stream = typeof(SanctumConfigLoader).Assembly.GetManifestResourceStream(DefaultsFileName);
        if (stream is null)
        {
            return "";
        }

        using var text = new StreamReader(stream);
        return text.ReadToEnd();
    }
}
