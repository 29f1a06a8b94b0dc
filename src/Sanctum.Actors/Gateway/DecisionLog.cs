using Akka.Actor;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Actors.Gateway;

/// <summary>
/// The last <c>capacity</c> decisions, for <c>sanctum why</c> and <c>history</c>: every decision published on the
/// event stream since the start, behind the ledger's trail from before it (<see cref="SeedDecisions"/>), so a
/// restart or a crash does not wipe the explanation of a freeze.
/// </summary>
public sealed class DecisionLog : ReceiveActor
{
    public const string Name = "decisions";
    public const int DefaultCapacity = 20_000;

    private readonly int _capacity;
    private LinkedList<DecisionView> _ring = new();
    private PressureLevel _level = PressureLevel.Green;

    public DecisionLog(int capacity)
    {
        _capacity = capacity;
        Receive<Decision>(d =>
        {
            var record = DecisionRecord.Of(d);
            if (record is { Kind: DecisionKinds.Level, Level: { } level })
            {
                _level = level;
            }

            _ring.AddLast(CliViews.Decision(record, _level));
            Trim();
        });
        Receive<SeedDecisions>(seed =>
        {
            _ring = new LinkedList<DecisionView>(seed.Earlier.Concat(_ring));
            Trim();
        });
        Receive<QueryDecisions>(q => Sender.Tell(new DecisionsFound([.. _ring.Where(v => Matches(v, q))])));
    }

    public static Props Props(int capacity = DefaultCapacity) => Akka.Actor.Props.Create(() => new DecisionLog(capacity));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(Decision));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Trim()
    {
        while (_ring.Count > _capacity)
        {
            _ring.RemoveFirst();
        }
    }

    private static bool Matches(DecisionView v, QueryDecisions q) =>
        (q.Since is not { } since || v.At >= since.UtcDateTime) && (q.Pid is not { } pid || v.Pid == pid);
}
