using Sanctum.Policy.Domain;
using Sanctum.Policy.Probing;

namespace Sanctum.Actors.Sentinel;

/// <summary>
/// What the sentinel knows that a restart must not lose: the valve's leases (told once, as they change), the
/// deferrals already logged, the level, and each probe's memory. Created once with the sentinel's <c>Props</c>.
/// </summary>
public sealed class SentinelMemory(int probes)
{
    /// <summary>Deferrals logged are forgotten once their lease has ended; past this many, all are (a log line repeats, nothing grows).</summary>
    public const int MaxDeferralsLogged = 1024;

    public Dictionary<ProcessIdentity, DateTimeOffset> Leases { get; } = [];

    public HashSet<(ProcessIdentity Target, DateTimeOffset Until)> DeferralsLogged { get; } = [];

    public PressureLevel Level { get; set; } = PressureLevel.Green;

    public IReadOnlyList<ProbeMemory> Probes { get; } = [.. Enumerable.Range(0, probes).Select(_ => new ProbeMemory())];

    /// <summary>True the first time this deferral is seen (log it); bounded by the leases still running.</summary>
    public bool FirstDeferral(ProcessIdentity target, DateTimeOffset until, DateTimeOffset now)
    {
        DeferralsLogged.RemoveWhere(d => d.Until <= now);
        if (DeferralsLogged.Count >= MaxDeferralsLogged)
        {
            DeferralsLogged.Clear();
        }

        return DeferralsLogged.Add((target, until));
    }
}

/// <summary>A probe's failure counts and backoff (<see cref="ProbeState"/>), its linked lease and the level: kept across its restarts.</summary>
public sealed class ProbeMemory
{
    public ProbeState State { get; set; } = ProbeState.Initial;

    public DateTimeOffset? FrozenUntil { get; set; }

    public PressureLevel Level { get; set; } = PressureLevel.Green;
}
