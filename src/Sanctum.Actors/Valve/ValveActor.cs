using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Picking;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Services;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Policy.Planning;
using KillRequest = Sanctum.Policy.Arbitration.Kill;

namespace Sanctum.Actors.Valve;

/// <summary>
/// On every tick at a confirmed ORANGE or RED: picker → planner → one request to the owner of the target
/// (or to the service for a shed). Owners may refuse; the valve then plans again without that target, so
/// a refusal moves it down the remedy ladder instead of repeating itself. Every shed and kill is judged
/// when its cooldown ends; targets that do not move the signal are skipped for a growing window, and each
/// step down the ladder (freeze → shed tier 3 → shed tier 2 → kill → alert) is reported as an escalation.
/// </summary>
public sealed class ValveActor : ReceiveActor
{
    private const int MaxAttemptsPerTick = 16;

    private readonly ValveOptions _options;
    private readonly IActorRef _picker;
    private readonly IActorRef _registry;
    private readonly IActorRef _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ValveBook _book;
    private bool _dryRun;
    private PressureLevel _level = PressureLevel.Green;
    private PressureLevel _remedyLevel = PressureLevel.Green;
    private PressureSample? _sample;
    private LastAction? _lastAction;
    private RemedyStage _episodeStage = RemedyStage.Observe;
    private DateTimeOffset? _lastAlertAt;
    private Attempt? _attempt;
    private readonly TimeSpan? _awaitSeed;
    private DateTimeOffset? _holdUntil;
    private bool _holdReported;
    private readonly PreKillGate? _preKill;
    private ValveProgress _progress;

    /// <param name="awaitSeed">
    /// With a ledger: how long to hold remedies until its <see cref="SeedValve"/> arrives, so a restart neither
    /// re-sheds a target judged ineffective before it nor acts before its freezes can be journaled. Past it, the
    /// valve acts without the seed (a broken ledger must not disarm the guard). Null: no seed is coming.
    /// </param>
    public ValveActor(ValveOptions options, bool dryRun, IActorRef picker, IActorRef registry, IActorRef services, TimeSpan? awaitSeed = null, PreKillGate? preKill = null)
    {
        _options = options;
        _preKill = preKill;
        _awaitSeed = awaitSeed;
        _dryRun = dryRun;
        _picker = picker;
        _registry = registry;
        _services = services;
        _book = ValveBook.Create(options);
        _progress = new ValveProgress(0, Now);

        Receive<PressureObserved>(OnPressure);
        Receive<RankedCandidates>(r =>
        {
            if (_attempt is not null)
            {
                _attempt = _attempt with { Ranked = r.Ranked, Denied = r.Denied };
                PlanAndAct();
            }
        });
        Receive<OwnerReply>(OnOwnerReply);
        Receive<ShedReply>(OnShedReply);
        Receive<ServiceStateChanged>(s => _book = _book.WithServiceState(s.Label, s.Running, s.RespawnLoop));
        Receive<SetDryRun>(s =>
        {
            _dryRun = s.DryRun;
            Context.System.EventStream.Publish(new ArmingDecision(Now, s.DryRun, s.By));
            Sender.Tell(new ArmingDecision(Now, s.DryRun, s.By));
        });
        Receive<SeedValve>(seed =>
        {
            _log.Info("took the ledger's seed: {0} targets skipped as ineffective, {1} cooldowns running", seed.Effectiveness.ActiveSkips(Now).Count, seed.Cooldowns.Until.Count);
            _holdUntil = null;
            _book = _book.WithSeed(seed.Effectiveness, seed.Cooldowns);

            // Pressure that was held back is acted on now, not a tick later.
            if (_level > PressureLevel.Yellow)
            {
                StartAttempt();
            }
        });
        Receive<GetValveStatus>(_ => Sender.Tell(new ValveStatus(_level, _sample, _dryRun, _lastAction, _book.Effectiveness.ActiveSkips(Now), _episodeStage, _progress)));
    }

    public static Props Props(ValveOptions options, bool dryRun, IActorRef picker, IActorRef registry, IActorRef services, TimeSpan? awaitSeed = null, PreKillGate? preKill = null) =>
        Akka.Actor.Props.Create(() => new ValveActor(options, dryRun, picker, registry, services, awaitSeed, preKill));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private PressureReading Reading => new(_sample?.SwapUsedMb ?? 0, _sample?.AvailableMb ?? 0);

    protected override void PreStart()
    {
        _holdUntil = Now + _awaitSeed;
        Context.System.EventStream.Subscribe(Self, typeof(ServiceStateChanged));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnPressure(PressureObserved observed)
    {
        _level = observed.Confirmed;
        _remedyLevel = observed.RemedyLevel;
        _sample = observed.Sample;
        var now = Now;
        if (_attempt is null)
        {
            _progress = _progress.Next(now);
        }

        (_book, var results) = _book.Evaluate(now, Reading);
        foreach (var r in results)
        {
            Context.System.EventStream.Publish(new EvaluationDecision(now, r.Target, r.Effective, r.DeltaMb, r.SkipFor));
            if (r.SkipFor is { } skip)
            {
                _log.Warning("{0} was ineffective {1} times in a row (moved {2} MB, needs {3}); skipped for {4}", r.Target, r.FailStreak, r.DeltaMb, _options.Shed.DeltaMb, skip);
            }
        }

        if (_level <= PressureLevel.Yellow)
        {
            _episodeStage = RemedyStage.Observe;
            _lastAlertAt = null;
            return;
        }

        if (!HoldingForSeed(now))
        {
            StartAttempt();
        }
    }

    /// <summary>Asks the picker for this tick's candidates, unless an attempt is still out.</summary>
    private void StartAttempt()
    {
        if (_attempt is not null)
        {
            return;
        }

        _attempt = new Attempt(_remedyLevel, [], 0);
        _picker.Tell(RankCandidates.Instance);
    }

    private bool HoldingForSeed(DateTimeOffset now)
    {
        if (_holdUntil is not { } until)
        {
            return false;
        }

        if (now < until)
        {
            if (!_holdReported)
            {
                _holdReported = true;
                _log.Info("{0}: holding remedies until the ledger's markers and cooldowns are back (at most {1})", _level.ToWire(), _awaitSeed);
            }

            return true;
        }

        _holdUntil = null;
        _log.Warning("no seed from the ledger within {0}: acting without its ineffective markers and cooldowns", _awaitSeed);
        return false;
    }

    private void PlanAndAct()
    {
        var attempt = _attempt!;
        var plan = Planner.Plan(attempt.Level, attempt.Ranked, _options.Shed, _book.Gates(Now), attempt.Denied);
        ReportEscalation(plan);
        var reason = Describe(plan.Action, attempt.Level);
        switch (plan.Action)
        {
            case FreezeProcess f:
                _attempt = attempt with { Target = f.Target };
                _registry.Tell(new Route(f.Target.Row.Identity, new Freeze(Requester.Valve, reason, attempt.Level, _dryRun)));
                break;
            case KillProcess k:
                _attempt = attempt with { Target = k.Target };
                RouteKill(k.Target.Row, new KillRequest(Requester.Valve, reason, attempt.Level, _dryRun));
                break;
            case ShedService s:
                _services.Tell(new Shed(s.Label, s.Tier, Requester.Valve, reason, attempt.Level, _dryRun));
                break;
            case RaiseAlert a:
                if (_lastAlertAt is not { } last || Now - last >= _options.Shed.SkipWindow)
                {
                    _lastAlertAt = Now;
                    var detail = plan.Skipped.Count == 0 ? a.Reason : $"{a.Reason}; passed over: {string.Join("; ", plan.Skipped.Select(s => $"{s.Target}: {s.Reason}"))}";
                    _log.Error("ALERT {0}", detail);
                    Context.System.EventStream.Publish(new AlertDecision(Now, a.Level, detail));
                }

                _attempt = null;
                break;
            default:
                _attempt = null;
                break;
        }
    }

    /// <summary>At once, or once the pre-kill hooks have ended or their timeout passed: they delay a kill, they never stop it.</summary>
    private void RouteKill(ProcRow row, KillRequest request)
    {
        var kill = new Route(row.Identity, request);
        if (_preKill is not { } gate)
        {
            _registry.Tell(kill);
            return;
        }

        var prospective = new SignalDecision(Now, row.Identity, row.Name, row.RssMb, Signal.Kill, request.By, _dryRun ? Outcome.DryRun : Outcome.Applied, request.Reason, request.Level);
        gate.Hooks.Ask<PreKillDone>(new BeforeKill(prospective, row.Command), gate.Timeout)
            .ContinueWith(_ => kill, TaskScheduler.Default)
            .PipeTo(_registry, Self);
    }

    private void OnOwnerReply(OwnerReply reply)
    {
        if (_attempt is not { } attempt)
        {
            return;
        }

        var key = reply.Target.ToString();
        var action = reply.Signal.ToWire();
        if (reply is Applied applied)
        {
            _book = _book.WithApplied(key, action, Now);
            var what = attempt.Target is { } t ? $"{action} {t.Row.Name} (pid {t.Row.Pid})" : $"{action} {key}";
            _lastAction = new LastAction(Now, what, applied.DryRun ? "dry-run" : "applied");
            if (!applied.DryRun && reply.Signal == Signal.Kill && attempt.Target is { } killed)
            {
                _book = _book.WithJudgementDue($"kill:{killed.Entry.Name}", Reading, Now);
            }

            _attempt = null;
            return;
        }

        // An owner's refusal with a date (cooldown, rest, max per hour) ends by itself; one without (denied, gone) does not.
        var refusal = reply switch
        {
            Deferred d => new ValveRefusal(d.Until, reply.Reason, Temporary: false),
            Refused { Until: { } u } => new ValveRefusal(u, reply.Reason, Temporary: true),
            _ => new ValveRefusal(Later.Than(Now, _options.Cooldown), reply.Reason, Temporary: false),
        };
        _book = _book.WithRefusal(key, action, refusal);
        Retry(attempt);
    }

    private void OnShedReply(ShedReply reply)
    {
        if (_attempt is not { } attempt)
        {
            return;
        }

        _book = _book.WithShedReply(reply.Label, reply.Outcome, reply.Reason, Now, Reading);
        if (reply.Outcome is Outcome.Applied or Outcome.DryRun)
        {
            _lastAction = new LastAction(Now, $"shed {reply.Label}", reply.Outcome.ToWire());
            _attempt = null;
            return;
        }

        Retry(attempt);
    }

    private void Retry(Attempt attempt)
    {
        if (attempt.Tries + 1 >= MaxAttemptsPerTick)
        {
            _attempt = null;
            return;
        }

        _attempt = attempt with { Tries = attempt.Tries + 1, Target = null };
        PlanAndAct();
    }

    private void ReportEscalation(Plan plan)
    {
        var stage = plan.Action.Stage;
        if (stage <= _episodeStage)
        {
            return;
        }

        if (_episodeStage != RemedyStage.Observe)
        {
            var why = plan.Skipped.Count == 0
                ? "earlier remedies left nothing to do"
                : string.Join("; ", plan.Skipped.Select(s => $"{s.Target}: {s.Reason}"));
            Context.System.EventStream.Publish(new EscalationDecision(Now, StageName(_episodeStage), StageName(stage), why));
        }

        _episodeStage = stage;
    }

    private static string StageName(RemedyStage stage) => stage switch
    {
        RemedyStage.Freeze => "freeze",
        RemedyStage.Kill or RemedyStage.KillEscalation => "kill",
        RemedyStage.ShedTier3 => "shed-tier3",
        RemedyStage.ShedTier2 => "shed-tier2",
        RemedyStage.Alert => "alert",
        _ => "observe",
    };

    private static string Describe(PlannedAction action, PressureLevel level) => action switch
    {
        FreezeProcess f => $"{level.ToWire()}: worst candidate, {f.Target.Entry.Name} at {f.Target.Row.RssMb} MB ({Policy(f.Target)})",
        KillProcess { Escalated: true } k => $"{level.ToWire()}: nothing else left; {k.Target.Entry.Name} is kill-allowed at {k.Target.Row.RssMb} MB (kill floor {k.Target.Entry.MinKillMb} MB)",
        KillProcess k => $"{level.ToWire()}: {k.Target.Entry.Name} is kill-allowed at {k.Target.Row.RssMb} MB (kill floor {k.Target.Entry.MinKillMb} MB)",
        ShedService s => $"{level.ToWire()}: no freeze candidate left; shed tier {s.Tier}",
        RaiseAlert a => a.Reason,
        _ => level.ToWire(),
    };

    private static string Policy(Candidate c) => c.Entry.Policy == StopPolicy.KillAllowed ? "kill-allowed" : "sigstop-only";

    private sealed record Attempt(PressureLevel Level, IReadOnlyList<Candidate> Ranked, int Tries, Candidate? Target = null)
    {
        public IReadOnlyList<DeniedCandidate> Denied { get; init; } = [];
    }
}
