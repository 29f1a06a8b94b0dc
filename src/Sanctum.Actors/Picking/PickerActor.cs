using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Picking;

namespace Sanctum.Actors.Picking;

/// <summary>Holds the latest process table and the compiled policy; answers "worst candidates" with the pure picker.</summary>
/// <remarks>
/// The valve asks on every tick at ORANGE or worse, and classifying a row (denylist words, allowlist and
/// critical regexes) costs far more than ranking, so each distinct row is classified once and its result
/// kept while the row is unchanged in the table. A row is a value, so an equal row classifies the same.
/// </remarks>
public sealed class PickerActor : ReceiveActor
{
    private IReadOnlyList<ProcRow> _rows = [];
    private Dictionary<ProcRow, Candidate?> _classified = [];

    public PickerActor(PickerPolicy policy)
    {
        Receive<TableRead>(table => _rows = table.Rows);
        Receive<RankCandidates>(_ => Sender.Tell(new RankedCandidates(Rank(policy))));
    }

    public static Props Props(PickerPolicy policy) => Akka.Actor.Props.Create(() => new PickerActor(policy));

    private IReadOnlyList<Candidate> Rank(PickerPolicy policy)
    {
        var classified = new Dictionary<ProcRow, Candidate?>(_rows.Count);
        foreach (var row in _rows)
        {
            if (!classified.ContainsKey(row))
            {
                classified[row] = _classified.TryGetValue(row, out var known) ? known : Picker.Classify(row, policy, includeStopped: true);
            }
        }

        _classified = classified;
        // Only the few candidates are classified again, so the ordering rule stays in one place.
        return Picker.Rank(_rows.Where(r => classified[r] is not null), policy, includeStopped: true);
    }
}
