using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sanctum.Actors.Gateway;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Ledger;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Daemon.Heartbeat;

/// <summary>
/// <c>&lt;data-dir&gt;/heartbeat.json</c>, rewritten every tick. The field names are stable (docs/daemon.md):
/// <c>sanctum deadman</c> reads <c>time</c> and <c>progress</c> to decide whether the daemon is alive.
/// </summary>
public sealed record HeartbeatDocument(
    string Version,
    int Pid,
    DateTime Time,
    string MachineLevel,
    bool Armed,
    bool DryRun,
    HeartbeatLastAction? LastAction,
    IReadOnlyList<HeartbeatFrozen> Frozen,
    IReadOnlyList<HeartbeatSkip> IneffectiveTargets,
    HeartbeatSignals? Signals,
    HeartbeatPersistence? Persistence = null,
    ProgressView? Progress = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <param name="tick">With the valve's progress, whether the guard is <c>stalled</c> (<see cref="ValveProgress.StallAfter"/>).</param>
    public static HeartbeatDocument Build(ValveStatus status, OwnerList owners, DateTimeOffset now, int pid, string version, HeartbeatPersistence? persistence = null, TimeSpan? tick = null) => new(
        version,
        pid,
        now.UtcDateTime,
        status.Level.ToWire(),
        Armed: !status.DryRun,
        status.DryRun,
        status.LastAction is { } a ? new HeartbeatLastAction(a.At.UtcDateTime, a.What, a.Outcome) : null,
        [.. owners.Owners.Where(o => o.Lease is not null).Select(o => new HeartbeatFrozen(
            o.Row.Pid, o.Row.StartTime, o.Row.Name, o.Lease!.By.ToWire(), o.Lease.Reason, o.Lease.Since.UtcDateTime, o.Lease.Until.UtcDateTime))],
        [.. status.IneffectiveTargets.Select(s => new HeartbeatSkip(s.Target, s.SecondsRemaining))],
        status.Sample is { } p ? new HeartbeatSignals(p.AvailableMb, p.SwapUsedMb, p.SwapTotalMb, Math.Round(p.SwapPercent, 1), p.KernelLevel, p.CompressorMb) : null,
        persistence,
        tick is { } t ? ProgressView.Of(status.Progress, now, t) : null);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record HeartbeatLastAction(DateTime At, string What, string Outcome);

/// <param name="Start">With <paramref name="Pid"/>, the process identity; <c>sanctum deadman</c> re-checks it before a thaw.</param>
/// <param name="LeaseUntil">When the lease ends at the latest (sooner once pressure has been calm for thaw-after).</param>
public sealed record HeartbeatFrozen(int Pid, long Start, string Name, string By, string Reason, DateTime Since, DateTime LeaseUntil);

public sealed record HeartbeatSkip(string Target, long SecsRemaining);

public sealed record HeartbeatSignals(long AvailableMb, long SwapUsedMb, long SwapTotalMb, double SwapPercent, int KernelLevel, long CompressorMb);

/// <param name="Status">
/// <c>ok</c>; <c>degraded</c> while decisions cannot be written (they wait in memory, <paramref name="Pending"/>);
/// <c>unknown</c> when the ledger did not answer in time (then <paramref name="Pending"/> is null).
/// </param>
public sealed record HeartbeatPersistence(string Status, string? Reason, int? Pending)
{
    public static HeartbeatPersistence From(LedgerHealth health) => new(health.Wire, health.Reason, health.PendingEvents);

    public static HeartbeatPersistence Unknown(string reason) => new("unknown", reason, null);
}
