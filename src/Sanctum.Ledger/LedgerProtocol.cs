namespace Sanctum.Ledger;

public enum LedgerStatus
{
    Ok,
    Degraded,
}

/// <summary>
/// Whether decisions reach durable storage. Degraded: the journal fails or rejects writes (they are
/// retried; <see cref="PendingEvents"/> wait in memory), or the database was unusable at start and an
/// in-memory journal stands in. The guard protects the host either way.
/// </summary>
public sealed record LedgerHealth(LedgerStatus Status, string? Reason, int PendingEvents, DateTimeOffset? LastWriteAt)
{
    public string Wire => Status == LedgerStatus.Ok ? "ok" : "degraded";
}

public sealed record GetLedgerHealth
{
    public static GetLedgerHealth Instance { get; } = new();
}

/// <summary>Answered with the <see cref="LedgerState"/> once the journal has been recovered.</summary>
public sealed record GetLedgerState
{
    public static GetLedgerState Instance { get; } = new();
}

/// <summary>Answered with <see cref="EventsWritten"/> once every event taken before it is written (or dropped from a full outbox); a retry waiting out its backoff is tried at once. A clean stop and a person's arm/disarm wait for it.</summary>
public sealed record AwaitWritten
{
    public static AwaitWritten Instance { get; } = new();
}

/// <param name="Problem">Why what was asked is not durable (an in-memory journal); null: it is on disk.</param>
public sealed record EventsWritten(string? Problem);

/// <summary>Journal these (the reconciler's outcomes); they are folded into the state at once.</summary>
public sealed record RecordEvents(IReadOnlyList<ILedgerEvent> Events);

/// <param name="SnapshotEvery">Snapshot after this many events; older events and snapshots are then deleted.</param>
/// <param name="Cooldown">The valve's cooldown, journaled with every applied valve action.</param>
/// <param name="FallbackReason">Set when the database was unusable at start and an in-memory journal stands in.</param>
public sealed record LedgerSettings(
    int SnapshotEvery,
    TimeSpan Cooldown,
    TimeSpan MinBackoff,
    TimeSpan MaxBackoff,
    int MaxPending,
    string? FallbackReason)
{
    public const string PersistenceId = "sanctum-ledger";

    /// <summary>Short on purpose: a retry is one failed insert, and a freed disk should be written to within seconds.</summary>
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(2);

    public static LedgerSettings For(TimeSpan cooldown, LedgerDatabase database) =>
        new(1000, cooldown, TimeSpan.FromSeconds(1), DefaultMaxBackoff, 50_000, database.Problem);
}

internal sealed record PersistBatch(long Id, IReadOnlyList<ILedgerEvent> Events);

internal sealed record BatchPersisted(long Id);

internal sealed record BatchRejected(long Id, string Reason);

internal sealed record WriterRecovered(LedgerState State);

internal sealed record WriterFailing(string Reason);
