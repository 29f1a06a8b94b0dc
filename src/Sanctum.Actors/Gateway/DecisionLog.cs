using Akka.Actor;
using Sanctum.Actors.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Actors.Gateway;

/// <summary>
/// Decisions about one pid (<paramref name="Pid"/>) or all of them, at or after <paramref name="Since"/>, oldest
/// first. Answered with <see cref="DecisionsFound"/> by whatever keeps decisions: <see cref="DecisionLog"/>
/// now, the persistent ledger later.
/// </summary>
public sealed record QueryDecisions(int? Pid, DateTimeOffset? Since);

/// <param name="LevelThen">The confirmed pressure level when the decision was taken.</param>
public sealed record RecordedDecision(Decision Decision, PressureLevel LevelThen);

public sealed record DecisionsFound(IReadOnlyList<RecordedDecision> Decisions);

/// <summary>
/// The last <c>capacity</c> decisions published on the event stream, in memory, for <c>sanctum why</c> and
/// <c>history</c> until the ledger answers <see cref="QueryDecisions"/> from its journal.
/// </summary>
public sealed class DecisionLog : ReceiveActor
{
    public const string Name = "decisions";
    public const int DefaultCapacity = 20_000;

    private readonly Queue<RecordedDecision> _ring = new();
    private PressureLevel _level = PressureLevel.Green;

    public DecisionLog(int capacity)
    {
        Receive<Decision>(d =>
        {
            if (d is LevelChanged changed)
            {
                _level = changed.To;
            }

            if (_ring.Count == capacity)
            {
                _ring.Dequeue();
            }

            _ring.Enqueue(new RecordedDecision(d, d is SignalDecision s ? s.Level : _level));
        });
        Receive<QueryDecisions>(q => Sender.Tell(new DecisionsFound([.. _ring.Where(r => Matches(r.Decision, q))])));
    }

    public static Props Props(int capacity = DefaultCapacity) => Akka.Actor.Props.Create(() => new DecisionLog(capacity));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(Decision));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private static bool Matches(Decision d, QueryDecisions q) =>
        (q.Since is not { } since || d.At >= since) && (q.Pid is not { } pid || PidOf(d) == pid);

    private static int? PidOf(Decision d) => d switch
    {
        SignalDecision s => s.Target.Pid,
        OverrideDecision o => o.Target.Pid,
        _ => null,
    };
}
