namespace Sanctum.Policy.Domain;

/// <summary>
/// A process is its pid plus its start time: a reused pid is a different process.
/// <see cref="StartTime"/> is opaque and only compared for equality (Linux: clock ticks since boot from
/// /proc/&lt;pid&gt;/stat field 22; macOS: the start time ps/libproc reports; replay: the scenario's seconds).
/// </summary>
public readonly record struct ProcessIdentity(int Pid, long StartTime)
{
    public override string ToString() => $"{Pid}-{StartTime}";
}
