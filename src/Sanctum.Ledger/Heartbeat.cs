using System.Globalization;
using System.Text.Json;

namespace Sanctum.Ledger;

/// <summary>What the deadman reads of a beat.</summary>
/// <param name="LastReading">The last pressure reading the valve acted on (<c>progress.last_reading_at</c>); null in a beat without progress.</param>
/// <param name="Stalled">The daemon itself said <c>progress.state = stalled</c>.</param>
public sealed record HeartbeatBeat(DateTimeOffset Time, DateTimeOffset? LastReading = null, bool Stalled = false);

/// <summary>The daemon's heartbeat file, <c>&lt;data-dir&gt;/heartbeat.json</c>; only <c>time</c> and <c>progress.last_reading_at</c> (ISO-8601 UTC) are read here.</summary>
public static class Heartbeat
{
    public const string FileName = "heartbeat.json";

    /// <summary>The last beat, or null when the file is missing or unreadable (both count as stale).</summary>
    public static HeartbeatBeat? Read(string dataDir)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, FileName)));
            var root = doc.RootElement;
            if (Time(root, "time") is not { } time)
            {
                return null;
            }

            if (!root.TryGetProperty("progress", out var progress) || progress.ValueKind != JsonValueKind.Object)
            {
                return new HeartbeatBeat(time);
            }

            var stalled = progress.TryGetProperty("state", out var state) && state.ValueKind == JsonValueKind.String && state.GetString() == Actors.Gateway.ProgressView.Stalled;
            return new HeartbeatBeat(time, Time(progress, "last_reading_at"), stalled);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var time) && time.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;
}
