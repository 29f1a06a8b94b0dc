namespace Sanctum.Policy.Domain;

/// <summary>
/// A process is its pid plus its start time: a reused pid is a different process.
/// <see cref="StartTime"/> is opaque and only compared for equality (Linux: clock ticks since boot from
/// /proc/&lt;pid&gt;/stat field 22; macOS: the start time ps/libproc reports; replay: the scenario's seconds).
/// </summary>
public readonly record struct ProcessIdentity(int Pid, long StartTime)
{
    public override string ToString() => $"{Pid}-{StartTime}";

    /// <summary>Reads back <see cref="ToString"/>'s <c>pid-start</c>; false for anything else (a service label, say).</summary>
    public static bool TryParse(string text, out ProcessIdentity identity)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash > 0 && int.TryParse(text.AsSpan(0, dash), out var pid) && long.TryParse(text.AsSpan(dash + 1), out var start))
        {
            identity = new ProcessIdentity(pid, start);
            return true;
        }

        identity = default;
        return false;
    }
}
