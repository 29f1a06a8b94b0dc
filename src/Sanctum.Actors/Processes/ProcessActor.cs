using Akka.Actor;
using Sanctum.Actors.Pressure;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Actors.Processes;

/// <summary>
/// The single owner of one process identity and the ONLY code that signals it. Decisions come from the
/// pure <see cref="Arbiter"/>; this shell sends the signal, replies, records the decision, and runs the
/// lease: while it holds one it listens to level changes and thaws the process itself.
/// An untyped actor on purpose: a host may run ten thousand of these, so no per-instance handler tables.
/// </summary>
public sealed class ProcessActor : UntypedActor, IWithTimers
{
    private const string ThawTimer = "thaw";
    private const string LeaseTimer = "lease";

    private readonly ArbiterSettings _settings;
    private readonly ISignalPort _signals;
    private OwnerState _state;
    private PressureLevel _level = PressureLevel.Orange;
    private bool _listening;

    public ProcessActor(OwnerState initial, ArbiterSettings settings, ISignalPort signals)
    {
        _state = initial;
        _settings = settings;
        _signals = signals;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OwnerState initial, ArbiterSettings settings, ISignalPort signals) =>
        Akka.Actor.Props.Create(() => new ProcessActor(initial, settings, signals));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case OwnerRequest request:
                Sender.Tell(Handle(request));
                break;
            case RowObserved seen:
                Observe(seen);
                break;
            case LevelTick tick:
                OnLevel(tick.Level);
                break;
            case LeaseEnded ended:
                if (_state.Lease is not null)
                {
                    Handle(new Resume(Requester.Lease, ended.Reason, _level, DryRun: false));
                }

                break;
            case AdoptLease adopt:
                (_state, var refusal) = Arbiter.Adopt(_state, adopt.Lease, Now);
                Sender.Tell(refusal is null
                    ? new LeaseAdopted(_state.Identity, adopt.Lease.Until)
                    : new Refused(_state.Identity, Signal.Stop, refusal));
                SyncLease(_level);
                break;
            case GetOwnerState:
                Sender.Tell(new OwnerSnapshot(_state.Row, _state.Traits, _state.Lease, _state.Rest, _state.RecentFreezes.Count(t => Now - t < TimeSpan.FromHours(1))));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PostStop()
    {
        if (_listening)
        {
            Context.System.EventStream.Unsubscribe(Self);
            Context.System.EventStream.Publish(new LeaseChanged(_state.Identity, null));
        }
    }

    private OwnerReply Handle(OwnerRequest request)
    {
        var now = Now;
        var id = _state.Identity;
        var lastSignalled = _state.LastSignalAt;
        OwnerReply reply;
        switch (Arbiter.Decide(_state, request, now, _settings))
        {
            case Final final:
                _state = Arbiter.AfterFinal(_state, final);
                if (final.Publish)
                {
                    Record(request, final.Outcome, final.Reason, final.Until);
                }

                reply = final.Outcome switch
                {
                    Outcome.Already => new AlreadyInState(id, request.Signal, final.Reason),
                    Outcome.Deferred => new Deferred(id, request.Signal, final.Until ?? now, final.Reason),
                    _ => new Refused(id, request.Signal, final.Reason, final.Until),
                };
                break;
            case SendSignal when request.DryRun:
                _state = Arbiter.AfterDryRun(_state, request, now);
                Record(request, Outcome.DryRun, request.Reason, null);
                reply = new Applied(id, request.Signal, request.Reason, DryRun: true);
                ReportActedOn(lastSignalled, now);
                break;
            case SendSignal send:
                var delivery = _signals.Send(id, send.Signal);
                (_state, var outcome, var reason) = Arbiter.AfterSend(_state, request, delivery, now, _settings);
                Record(request, outcome, reason, _state.Lease?.Until);
                reply = outcome == Outcome.Applied
                    ? new Applied(id, request.Signal, reason, DryRun: false)
                    : new Refused(id, request.Signal, reason);
                if (outcome == Outcome.Applied)
                {
                    ReportActedOn(lastSignalled, now);
                }

                break;
            default:
                throw new InvalidOperationException("unknown verdict");
        }

        SyncLease(request.Level);
        return reply;
    }

    private void ReportActedOn(DateTimeOffset? lastSignalled, DateTimeOffset now)
    {
        if (lastSignalled is not { } last || now - last >= TimeSpan.FromMinutes(1))
        {
            Context.Parent.Tell(new OwnerActedOn(_state.Identity, now));
        }
    }

    private void Observe(RowObserved seen)
    {
        (_state, var overridden) = Arbiter.Observe(_state, seen.Row, seen.ReadAt, Now, _settings);
        if (overridden)
        {
            Context.System.EventStream.Publish(new OverrideDecision(Now, _state.Identity, _state.Row.Name,
                $"resumed from outside the guard; lease dropped, no refreeze before {(_state.Rest is { } rest ? AuditTime.Format(rest.Until) : "")}"));
            SyncLease(_level);
        }
    }

    private void OnLevel(PressureLevel level)
    {
        _level = level;
        if (_state.Lease is null)
        {
            return;
        }

        if (level <= PressureLevel.Yellow)
        {
            if (!Timers.IsTimerActive(ThawTimer))
            {
                Timers.StartSingleTimer(ThawTimer, new LeaseEnded($"pressure at or below YELLOW for {_settings.Lease.ThawAfter.TotalSeconds:0}s"), _settings.Lease.ThawAfter);
            }
        }
        else
        {
            Timers.Cancel(ThawTimer);
        }
    }

    /// <summary>Starts or stops listening to level changes and the lease timers to match the state.</summary>
    private void SyncLease(PressureLevel level)
    {
        if (_state.Lease is { } lease)
        {
            if (!_listening)
            {
                _listening = true;
                Context.System.EventStream.Subscribe(Self, typeof(LevelTick));
                _level = level;
                Context.System.EventStream.Publish(new LeaseChanged(_state.Identity, lease.Until));
                Timers.StartSingleTimer(LeaseTimer, new LeaseEnded($"lease ended after {_settings.Lease.Max.TotalMinutes:0} min"), lease.Until - Now);
            }

            OnLevel(_level);
        }
        else if (_listening)
        {
            _listening = false;
            Context.System.EventStream.Unsubscribe(Self, typeof(LevelTick));
            Context.System.EventStream.Publish(new LeaseChanged(_state.Identity, null));
            Timers.CancelAll();
        }
    }

    private void Record(OwnerRequest request, Outcome outcome, string reason, DateTimeOffset? until) =>
        Context.System.EventStream.Publish(new SignalDecision(
            Now, _state.Identity, _state.Row.Name, _state.Row.RssMb, request.Signal, request.By, outcome, reason, request.Level, until));

    private sealed record LeaseEnded(string Reason);
}
