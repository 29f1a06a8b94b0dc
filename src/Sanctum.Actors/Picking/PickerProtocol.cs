using Sanctum.Policy.Picking;

namespace Sanctum.Actors.Picking;

public sealed record RankCandidates
{
    public static RankCandidates Instance { get; } = new();
}

/// <summary>Candidates worst first, stopped ones included (the RED kill escalation may still reach them).</summary>
public sealed record RankedCandidates(IReadOnlyList<Candidate> Ranked);
