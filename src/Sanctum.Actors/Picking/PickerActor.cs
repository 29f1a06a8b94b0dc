using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Picking;

namespace Sanctum.Actors.Picking;

public sealed record RankCandidates
{
    public static RankCandidates Instance { get; } = new();
}

/// <summary>Candidates worst first, stopped ones included (the RED kill escalation may still reach them).</summary>
public sealed record RankedCandidates(IReadOnlyList<Candidate> Ranked);

/// <summary>Holds the latest process table and the compiled policy; answers "worst candidates" with the pure picker.</summary>
public sealed class PickerActor : ReceiveActor
{
    private TableRead _table = new([], DateTimeOffset.MinValue);

    public PickerActor(PickerPolicy policy)
    {
        Receive<TableRead>(table => _table = table);
        Receive<RankCandidates>(_ => Sender.Tell(new RankedCandidates(Picker.Rank(_table.Rows, policy, includeStopped: true))));
    }

    public static Props Props(PickerPolicy policy) => Akka.Actor.Props.Create(() => new PickerActor(policy));
}
