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
    private Dictionary<ProcRow, Classified> _classified = [];

    public PickerActor(PickerPolicy policy)
    {
        Receive<TableRead>(table => _rows = table.Rows);
        Receive<RankCandidates>(_ => Sender.Tell(Rank(policy)));
    }

    public static Props Props(PickerPolicy policy) => Akka.Actor.Props.Create(() => new PickerActor(policy));

    private RankedCandidates Rank(PickerPolicy policy)
    {
        var classified = new Dictionary<ProcRow, Classified>(_rows.Count);
        foreach (var row in _rows)
        {
            if (!classified.ContainsKey(row))
            {
                classified[row] = _classified.TryGetValue(row, out var known) ? known : Classify(row, policy);
            }
        }

        _classified = classified;
        // Only the few candidates are classified again, so the ordering rule stays in one place.
        var ranked = Picker.Rank(_rows.Where(r => classified[r].Candidate is not null), policy, includeStopped: true);
        return new RankedCandidates(ranked, classified.Values.Select(c => c.Denied).OfType<DeniedCandidate>().ToArray());
    }

    private static Classified Classify(ProcRow row, PickerPolicy policy) =>
        Picker.Classify(row, policy, includeStopped: true) is { } candidate
            ? new Classified(candidate, null)
            : new Classified(null, Picker.ClassifyDenied(row, policy));

    private readonly record struct Classified(Candidate? Candidate, DeniedCandidate? Denied);
}
