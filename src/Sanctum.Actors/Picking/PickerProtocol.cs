using Sanctum.Policy.Picking;

namespace Sanctum.Actors.Picking;

public sealed record RankCandidates
{
    public static RankCandidates Instance { get; } = new();
}

/// <summary>
/// Candidates worst first, stopped ones included (the RED kill escalation may still reach them), and the
/// allow-listed processes a denial keeps out, so an alert can say which rule passed them over.
/// </summary>
public sealed record RankedCandidates(IReadOnlyList<Candidate> Ranked, IReadOnlyList<DeniedCandidate> Denied);
