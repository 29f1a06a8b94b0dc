using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Arbitration;

/// <summary>A request to the single owner of one process. <paramref name="DryRun"/>: decide and record, send nothing.</summary>
public abstract record OwnerRequest(Requester By, string Reason, PressureLevel Level, bool DryRun)
{
    public abstract Signal Signal { get; }
}

public sealed record Freeze(Requester By, string Reason, PressureLevel Level, bool DryRun) : OwnerRequest(By, Reason, Level, DryRun)
{
    public override Signal Signal => Signal.Stop;
}

public sealed record Resume(Requester By, string Reason, PressureLevel Level, bool DryRun) : OwnerRequest(By, Reason, Level, DryRun)
{
    public override Signal Signal => Signal.Continue;

    /// <summary>
    /// A person's thaw (<c>sanctum thaw</c>) sets the daemon's own uid: a process of another user is then resumed only
    /// when the guard itself stopped it (it holds a lease), never one someone else stopped. Null: no such limit.
    /// </summary>
    public uint? OwnUid { get; init; }
}

public sealed record Kill(Requester By, string Reason, PressureLevel Level, bool DryRun) : OwnerRequest(By, Reason, Level, DryRun)
{
    public override Signal Signal => Signal.Kill;
}
