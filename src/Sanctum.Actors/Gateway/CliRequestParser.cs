using System.Text.Json;
using System.Text.Unicode;

namespace Sanctum.Actors.Gateway;

/// <summary>A parsed request, or why the line was refused (sent back as <c>{"ok":false,"error":…}</c>).</summary>
public sealed record ParsedRequest(CliRequest? Request, string? Error);

/// <summary>
/// Reads one request line: a JSON object <c>{"command":"why","pid":42}</c>. Arguments are <c>pid</c>
/// (why, thaw), <c>all</c> (ps) and <c>since_seconds</c> (history). Oversize lines, malformed JSON, unknown
/// commands, bad arguments, invalid UTF-8 and keys given twice are refused with a message, never an exception.
/// </summary>
public static class CliRequestParser
{
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>A hundred years: further back than that, "now minus since" is no longer a date.</summary>
    private const long LongestHistorySeconds = 100L * 366 * 24 * 3600;

    public static readonly IReadOnlyList<string> Commands = ["status", "actors", "ps", "why", "history", "thaw", "arm", "disarm"];

    public static ParsedRequest Parse(ReadOnlySpan<byte> line)
    {
        if (line.Length > MaxRequestBytes)
        {
            return Fail($"request too large (over {MaxRequestBytes} bytes)");
        }

        if (!Utf8.IsValid(line))
        {
            return Fail("a request is UTF-8 text");
        }

        JsonDocument document;
        try
        {
            // A key given twice is refused: last-wins would let {"command":"status","command":"arm"} arm.
            document = JsonDocument.Parse(line.ToArray(), new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            return Fail($"malformed JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail("a request is a JSON object");
            }

            if (!root.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.String)
            {
                return Fail("the request has no \"command\" string");
            }

            return command.GetString() switch
            {
                "status" => Ok(new StatusRequest()),
                "actors" => Ok(new ActorsRequest()),
                "ps" => Flag(root, "all") is { } all ? Ok(new PsRequest(all)) : Fail("\"all\" must be true or false"),
                "why" => Pid(root) is { } pid ? Ok(new WhyRequest(pid)) : Fail("\"pid\" must be a positive integer"),
                "thaw" => Pid(root) is { } pid ? Ok(new ThawRequest(pid)) : Fail("\"pid\" must be a positive integer"),
                "history" => Since(root, out var since) ? Ok(new HistoryRequest(since)) : Fail("\"since_seconds\" must be a positive integer"),
                "arm" => Ok(new ArmRequest(Armed: true)),
                "disarm" => Ok(new ArmRequest(Armed: false)),
                var other => Fail($"unknown command \"{other}\" (known: {string.Join(", ", Commands)})"),
            };
        }
    }

    private static int? Pid(JsonElement root) =>
        root.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number && pid.TryGetInt32(out var value) && value > 0 ? value : null;

    private static bool? Flag(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var flag))
        {
            return false;
        }

        return flag.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }

    private static bool Since(JsonElement root, out TimeSpan? since)
    {
        since = null;
        if (!root.TryGetProperty("since_seconds", out var seconds))
        {
            return true;
        }

        if (seconds.ValueKind != JsonValueKind.Number || !seconds.TryGetInt64(out var value) || value <= 0 || value > LongestHistorySeconds)
        {
            return false;
        }

        since = TimeSpan.FromSeconds(value);
        return true;
    }

    private static ParsedRequest Ok(CliRequest request) => new(request, null);

    private static ParsedRequest Fail(string error) => new(null, error);
}
