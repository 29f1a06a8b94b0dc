using System.Globalization;
using System.Text.Json;

namespace Sanctum.Ledger;

/// <summary>The daemon's heartbeat file, <c>&lt;data-dir&gt;/heartbeat.json</c>; only its <c>time</c> field (ISO-8601 UTC) is read here.</summary>
public static class Heartbeat
{
    public const string FileName = "heartbeat.json";

    /// <summary>The last beat, or null when the file is missing or unreadable (both count as stale).</summary>
    public static DateTimeOffset? ReadTime(string dataDir)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, FileName)));
            return doc.RootElement.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
