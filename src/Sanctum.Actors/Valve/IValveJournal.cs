using Sanctum.Policy.Effectiveness;

namespace Sanctum.Actors.Valve;

/// <summary>The valve's side of the ledger, which the valve cannot name (the ledger depends on the actors).</summary>
public interface IValveJournal
{
    /// <summary>What the journal holds for the valve: ineffective markers, running cooldowns and the last arming by a person.</summary>
    Task<SeedValve> SeedAsync(ShedEffectiveness fresh, TimeSpan within);

    /// <summary>Completes once every decision published before the call is on disk; fails saying why not, or that it took longer than <paramref name="within"/>.</summary>
    Task WrittenAsync(TimeSpan within);
}
