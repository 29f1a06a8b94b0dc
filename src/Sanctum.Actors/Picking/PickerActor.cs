using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Picking;

namespace Sanctum.Actors.Picking;

/// <summary>Holds the latest process table and the compiled policy; answers "worst candidates" with the pure picker.</summary>
/// <remarks>
/// The valve asks on every tick at ORANGE or worse, and matching a row (denylist words, allowlist and critical
/// regexes) costs far more than ranking, so each process is matched once (<see cref="MatchCache"/>), not on
/// every ask: its size and state change from reading to reading, its name and command line rarely.
/// </remarks>
public sealed class PickerActor : ReceiveActor
{
    private readonly MatchCache _matches;
    private IReadOnlyList<ProcRow> _rows = [];

    public PickerActor(PickerPolicy policy)
    {
        _matches = new MatchCache(policy);
        Receive<TableRead>(table =>
        {
            _rows = table.Rows;
            _matches.Retain(_rows);
        });
        Receive<RankCandidates>(_ => Sender.Tell(new RankedCandidates(
            Picker.Rank(_rows, _matches.Of, includeStopped: true),
            [.. _rows.Select(row => Picker.ClassifyDenied(row, _matches.Of(row), policy)).OfType<DeniedCandidate>()])));
    }

    public static Props Props(PickerPolicy policy) => Akka.Actor.Props.Create(() => new PickerActor(policy));
}
