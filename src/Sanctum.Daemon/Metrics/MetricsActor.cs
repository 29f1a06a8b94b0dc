using Akka.Actor;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Ledger;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Daemon.Metrics;

/// <summary>
/// Keeps <see cref="SanctumMeters"/> current: counts remedies and alerts from their one projection
/// (<see cref="DecisionRecord"/>), times the reaction from the first raw reading at ORANGE or worse
/// (<see cref="RawLevelRose"/>) to the first remedy after it, follows leases for the frozen count, and once a
/// tick reads the valve's status (level, available, swap) and the ledger's health.
/// </summary>
public sealed class MetricsActor : ReceiveActor, IWithTimers
{
    public const string Name = "metrics";

    private static readonly string Applied = Outcome.Applied.ToWire();
    private static readonly string DryRun = Outcome.DryRun.ToWire();

    private readonly SanctumMeters _meters;
    private readonly HashSet<ProcessIdentity> _frozen = [];
    private DateTimeOffset? _roseAt;

    public MetricsActor(SanctumMeters meters, IActorRef valve, IActorRef ledger, TimeSpan tick)
    {
        _meters = meters;
        Receive<Decision>(d => OnDecision(DecisionRecord.Of(d)));
        Receive<RawLevelRose>(r =>
        {
            if (r.To >= PressureLevel.Orange && _roseAt is null)
            {
                _roseAt = r.At;
            }
        });
        Receive<LeaseChanged>(l =>
        {
            _ = l.Until is null ? _frozen.Remove(l.Target) : _frozen.Add(l.Target);
            _meters.Frozen(_frozen.Count);
        });
        Receive<Poll>(_ =>
        {
            valve.Ask<ValveStatus>(GetValveStatus.Instance, tick).PipeTo(Self, failure: _ => Poll.Failed);
            ledger.Ask<LedgerHealth>(GetLedgerHealth.Instance, tick).PipeTo(Self, failure: _ => Poll.Failed);
        });
        Receive<ValveStatus>(s => _meters.Pressure((int)s.Level, s.Sample?.AvailableMb ?? 0, s.Sample?.SwapUsedMb ?? 0));
        Receive<LedgerHealth>(h => _meters.LedgerUp(h.Status == LedgerStatus.Ok));
        Receive<Poll.Failure>(_ => { });
        Timers.StartPeriodicTimer(Poll.Instance, Poll.Instance, TimeSpan.Zero, tick);
    }

    public static IReadOnlyList<Type> Topics { get; } = [typeof(Decision), typeof(RawLevelRose), typeof(LeaseChanged)];

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SanctumMeters meters, IActorRef valve, IActorRef ledger, TimeSpan tick) =>
        Akka.Actor.Props.Create(() => new MetricsActor(meters, valve, ledger, tick));

    private void OnDecision(DecisionRecord r)
    {
        if (r.Kind == DecisionKinds.Level && r.Level <= PressureLevel.Yellow)
        {
            _roseAt = null;
        }

        if (r.Event is not { } @event)
        {
            return;
        }

        _meters.Action(@event, r.Outcome ?? "raised", r.By ?? "");
        if (@event is DecisionEvents.Freeze or DecisionEvents.Kill or DecisionEvents.Shed && (r.Outcome == Applied || r.Outcome == DryRun) && _roseAt is { } rose)
        {
            _meters.Reaction(r.At - rose);
            _roseAt = null;
        }
    }

    private sealed record Poll
    {
        public static Poll Instance { get; } = new();

        public static Failure Failed { get; } = new();

        public sealed record Failure;
    }
}
