using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sanctum.Policy.Domain;

namespace Sanctum.Actors.Gateway;

/// <summary>
/// What the daemon answers the <c>sanctum</c> client (design §8). Field names are snake_case like the heartbeat's
/// and stable: scripts read them from <c>sanctum … --json</c>. Times are UTC.
/// </summary>
/// <param name="Persistence">The ledger's health; <c>none</c> until the ledger exists.</param>
/// <param name="Reading">How pressure is read (e.g. <c>/proc/meminfo + PSI</c>) and what wakes the sampler (PSI triggers, or polling by headroom).</param>
/// <param name="LastArming">The person's last <c>arm</c>/<c>disarm</c> (who and when), this run's or journaled before it; null: the mode is the configuration's.</param>
public sealed record StatusView(
    string Version,
    int Pid,
    DateTime StartedAt,
    long UptimeSeconds,
    double TickSeconds,
    string Level,
    SignalsView? Signals,
    bool Armed,
    bool DryRun,
    string EpisodeStage,
    LastActionView? LastAction,
    int FrozenCount,
    IReadOnlyList<IneffectiveView> IneffectiveTargets,
    string Persistence,
    string Reading,
    ProgressView? Progress = null,
    ArmingView? LastArming = null);

public sealed record SignalsView(long AvailableMb, long SwapUsedMb, long SwapTotalMb, double SwapPercent, int KernelLevel, long CompressorMb);

/// <param name="State"><c>progressing</c>, or <c>stalled</c> when the valve has acted on no reading for longer than <paramref name="StallAfterSeconds"/>.</param>
/// <param name="LastReadingAt">The last pressure reading the valve acted on (its start while there is none).</param>
public sealed record ProgressView(string State, long Readings, DateTime LastReadingAt, double StallAfterSeconds)
{
    /// <summary>The values of <see cref="State"/>, as <c>status</c>, <c>heartbeat.json</c> and the deadman read them.</summary>
    public const string Progressing = "progressing", Stalled = "stalled";

    public static ProgressView? Of(ValveProgress? progress, DateTimeOffset now, TimeSpan tick) => progress is null
        ? null
        : new(progress.IsStalled(now, tick) ? Stalled : Progressing, progress.Readings, progress.At.UtcDateTime, ValveProgress.StallAfter(tick).TotalSeconds);
}

public sealed record LastActionView(DateTime At, string What, string Outcome);

public sealed record IneffectiveView(string Target, long SecsRemaining);

/// <param name="Omitted">Children not listed (the cap on ProcessActors).</param>
public sealed record ActorNode(string Path, string Type, IReadOnlyList<ActorNode> Children, int Omitted);

/// <param name="Owner">running, frozen-by-valve, frozen-by-…, stopped (not by the guard), resting, denied.</param>
/// <param name="Until">When the owner state ends by itself (lease end, end of the rest); null otherwise.</param>
/// <param name="Note">Why: the lease's reason, the rest's cause, the denial.</param>
public sealed record ProcessView(
    int Pid,
    long Start,
    string Name,
    long RssMb,
    string State,
    string Owner,
    DateTime? Until,
    string? Note,
    bool Critical,
    bool Allowlisted,
    int FreezesLastHour);

public sealed record PsView(IReadOnlyList<ProcessView> Processes);

/// <param name="Kind">signal, override, level, shed, evaluation, escalation, alert, arming.</param>
/// <param name="Action">SIGSTOP/SIGCONT/SIGKILL, a level change, shed, arm/disarm, ….</param>
/// <param name="Level">The pressure level at the time.</param>
public sealed record DecisionView(
    DateTime At,
    string Kind,
    int? Pid,
    long? Start,
    string? Target,
    string Action,
    string? By,
    string? Outcome,
    string Reason,
    string Level);

public sealed record DecisionsView(IReadOnlyList<DecisionView> Decisions);

/// <param name="Outcome">applied, already or deferred; a refusal is an error reply.</param>
public sealed record ThawView(int Pid, long Start, string Outcome, string Reason, DateTime? Until);

public sealed record ArmingView(DateTime At, bool Armed, bool DryRun, string By);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StatusView))]
[JsonSerializable(typeof(ActorNode))]
[JsonSerializable(typeof(PsView))]
[JsonSerializable(typeof(DecisionsView))]
[JsonSerializable(typeof(ThawView))]
[JsonSerializable(typeof(ArmingView))]
public sealed partial class CliJson : JsonSerializerContext;

/// <summary>One reply line: <c>{"ok":true,"data":{…}}</c> or <c>{"ok":false,"error":"…"}</c>, then a newline.</summary>
public static class CliReplyLine
{
    public static byte[] Encode(CliReply reply)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", reply.Ok);
            if (reply.Error is { } error)
            {
                w.WriteString("error", error);
            }
            else if (reply.Data is { } data)
            {
                w.WritePropertyName("data");
                JsonSerializer.Serialize(w, data, data.GetType(), CliJson.Default);
            }

            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
