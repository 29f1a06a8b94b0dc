using Sanctum.Actors.Sentinel;
using Sanctum.Actors.Valve;
using Sanctum.Configuration;
using Sanctum.Policy.Options;

namespace Sanctum.Actors.Root;

/// <summary>What the actor system needs, whatever loaded it (the daemon's config, or a scenario).</summary>
/// <param name="ProtectedPids">The guard itself and its parent; pid 1 is always added.</param>
/// <param name="AwaitLedgerSeed">With a ledger, how long the valve holds remedies for its seed (see <see cref="ValveActor"/>).</param>
public sealed record GuardSettings(
    ValveOptions Valve,
    IReadOnlyList<string> Criticals,
    TimeSpan SentinelScanEvery,
    int RespawnLoopPerHour,
    bool DryRun,
    IReadOnlyList<int> ProtectedPids,
    IReadOnlyList<SentinelProbe> Probes,
    TimeSpan? AwaitLedgerSeed = null)
{
    /// <summary>How long a kill waits for the pre-kill hooks; null when there are none.</summary>
    public TimeSpan? PreKillTimeout { get; init; }

    /// <summary>The actor that runs the pre-kill hooks, set by whoever created it; null: a kill is routed at once.</summary>
    public PreKillGate? PreKill { get; init; }

    /// <summary>The ledger's side for the valve (its seed, written armings), set by whoever created the ledger; null: none.</summary>
    public IValveJournal? Journal { get; init; }

    public static GuardSettings From(SanctumOptions options, IReadOnlyList<int> protectedPids) =>
        new(options.Valve, options.Sentinel.Criticals, options.Sentinel.ScanEvery, options.Respawn.LoopPerHour, options.DryRun, protectedPids,
            [.. options.Sentinel.Probes.Select(p => new SentinelProbe(p))])
        {
            PreKillTimeout = options.Hooks.PreKill.Count > 0 ? options.Hooks.PreKillTimeout : null,
        };
}
