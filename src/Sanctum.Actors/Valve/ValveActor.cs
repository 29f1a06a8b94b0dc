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
public sealed class ValveActor : ReceiveActor, IWithTimers
{
    /// <summary>
    /// How long the valve waits for the picker or an owner: both answer from memory, so a reply not back by then is
    /// lost (an owner that threw and was resumed, a picker restarted), and the attempt is abandoned.
    /// </summary>
    public static readonly TimeSpan ReplyDeadline = TimeSpan.FromSeconds(5);

    /// <summary>A shed runs the service manager (a stop and a status, 10 s each at most), so it gets longer.</summary>
    public static readonly TimeSpan ShedDeadline = TimeSpan.FromSeconds(30);

    /// <summary>An <c>arm</c>/<c>disarm</c> is answered once the journal has it on disk, or with an error past this (the client waits 4 s).</summary>
    public static readonly TimeSpan ArmingWrittenDeadline = TimeSpan.FromSeconds(2);

    private const int MaxAttemptsPerTick = 16;
    private const string AttemptTimer = "attempt";

    private readonly ValveOptions _options;
    private readonly IActorRef _picker;
    private readonly IActorRef _registry;
    private readonly IActorRef _services;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ValveMemory _memory;
    private readonly IValveJournal? _journal;
    private PressureLevel _level = PressureLevel.Green;
    private PressureLevel _remedyLevel = PressureLevel.Green;
    private PressureSample? _sample;
    private Attempt? _attempt;
    private long _attempts;
    private readonly TimeSpan? _awaitSeed;
    private DateTimeOffset? _holdUntil;
    private bool _holdReported;
    private readonly PreKillGate? _preKill;
    private ValveProgress _progress;

    /// <param name="memory">Kept by the <c>Props</c>: what a restart must not lose (arming, the book).</param>
    /// <param name="awaitSeed">
    /// With a ledger: how long to hold remedies until its <see cref="SeedValve"/> arrives, so a restart neither
    /// re-sheds a target judged ineffective before it nor acts before its freezes can be journaled. Past it, the
    /// valve acts without the seed (a broken ledger must not disarm the guard). Null: no seed is coming.
    /// </param>
    /// <param name="journal">Asked for the seed on every start, and to confirm an arming is written before it is acknowledged.</param>
    public ValveActor(ValveOptions options, ValveMemory memory, IActorRef picker, IActorRef registry, IActorRef services, TimeSpan? awaitSeed = null, PreKillGate? preKill = null, IValveJournal? journal = null)
    {
        _options = options;
        _memory = memory;
        _journal = journal;
        _preKill = preKill;
        _awaitSeed = awaitSeed;
        _picker = picker;
        _registry = registry;
        _services = services;
        _progress = new ValveProgress(0, Now);

        Receive<PressureObserved>(OnPressure);
        Receive<RankedCandidates>(r =>
        {
            if (_attempt is { Step: Step.Ranking })
            {
                _attempt = _attempt with { Ranked = r.Ranked, Denied = r.Denied };
                PlanAndAct();
            }
        });
        Receive<OwnerReply>(OnOwnerReply);
        Receive<ShedReply>(OnShedReply);
        Receive<AttemptLapsed>(OnAttemptLapsed);
        Receive<ServiceStateChanged>(s => Book = Book.WithServiceState(s.Label, s.Running, s.RespawnLoop));
        Receive<SetDryRun>(OnSetDryRun);
        Receive<SeedValve>(OnSeed);
        Receive<Status.Failure>(f =>
        {
            _log.Warning("the ledger gave no seed: {0}", f.Cause.Message);
            EndHold();
        });
        Receive<GetValveStatus>(_ => Sender.Tell(new ValveStatus(_level, _sample, DryRun, _memory.LastAction, Book.Effectiveness.ActiveSkips(Now), _memory.EpisodeStage, _progress)
        {
            LastArming = _memory.Arming.Decision,
            AwaitingSeed = _holdUntil is { } until && Now < until,
        }));
    }

    /// <summary>A valve of its own (tests, a replay): its memory is made once here, so it survives the valve's restarts.</summary>
    public static Props Props(ValveOptions options, bool dryRun, IActorRef picker, IActorRef registry, IActorRef services, TimeSpan? awaitSeed = null, PreKillGate? preKill = null) =>
        Props(options, new ValveMemory(options, new GuardArming(dryRun)), picker, registry, services, awaitSeed, preKill);

    public static Props Props(ValveOptions options, ValveMemory memory, IActorRef picker, IActorRef registry, IActorRef services, TimeSpan? awaitSeed = null, PreKillGate? preKill = null, IValveJournal? journal = null) =>
        Akka.Actor.Props.Create(() => new ValveActor(options, memory, picker, registry, services, awaitSeed, preKill, journal));

    public ITimerScheduler Timers { get; set; } = null!;

    private ValveBook Book
    {
        get => _memory.Book;
        set => _memory.Book = value;
    }

    private bool DryRun => _memory.Arming.DryRun;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private PressureReading Reading => new(_sample?.SwapUsedMb ?? 0, _sample?.AvailableMb ?? 0);

    /// <summary>
    /// On every start, a restart included, the valve asks the journal for its seed; only the first start holds
    /// remedies for it (a restarted valve still has its book in its memory).
    /// </summary>
    protected override void PreStart()
    {
        _holdUntil = _memory.Seeded ? null : Now + _awaitSeed;
        Context.System.EventStream.Subscribe(Self, typeof(ServiceStateChanged));
        _journal?.SeedAsync(ValveBook.Create(_options).Effectiveness, _awaitSeed ?? ReplyDeadline).PipeTo(Self);
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

        (Book, var results) = Book.Evaluate(now, Reading);
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
            _memory.EpisodeStage = RemedyStage.Observe;
            _memory.LastAlertAt = null;
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

        _attempt = new Attempt(++_attempts, _remedyLevel, [], 0);
        Await(Step.Ranking, "the picker's candidates", ReplyDeadline);
        _picker.Tell(RankCandidates.Instance);
    }

    /// <summary>Every reply the attempt waits for has a deadline: past it the attempt is abandoned, and the next reading starts a new one.</summary>
    private void Await(Step step, string what, TimeSpan within)
    {
        _attempt = _attempt! with { Step = step };
        Timers.StartSingleTimer(AttemptTimer, new AttemptLapsed(_attempt.Id, what, within), within);
    }

    private void EndAttempt()
    {
        _attempt = null;
        Timers.Cancel(AttemptTimer);
    }

    private void OnAttemptLapsed(AttemptLapsed lapsed)
    {
        if (_attempt is not { } attempt || attempt.Id != lapsed.Attempt)
        {
            return;
        }

        _log.Warning("{0} did not answer within {1}: the attempt at {2} is abandoned, the valve acts again on the next reading", lapsed.What, lapsed.Within, attempt.Level.ToWire());
        _attempt = null;
    }

    private void OnSetDryRun(SetDryRun set)
    {
        var decision = new ArmingDecision(Now, set.DryRun, set.By);
        _memory.Arming.Set(decision);
        Context.System.EventStream.Publish(decision);
        if (_journal is null)
        {
            Sender.Tell(decision);
            return;
        }

        var done = set.DryRun ? "disarmed" : "armed";
        _journal.WrittenAsync(ArmingWrittenDeadline).PipeTo(
            Sender,
            success: () => decision,
            failure: e => new Status.Failure(new InvalidOperationException($"{done}, but not written down ({e.Message}): it may not outlast a restart of the daemon")));
    }

    private void OnSeed(SeedValve seed)
    {
        _log.Info("took the ledger's seed: {0} targets skipped as ineffective, {1} cooldowns running", seed.Effectiveness.ActiveSkips(Now).Count, seed.Cooldowns.Until.Count);
        Book = Book.WithSeed(seed.Effectiveness, seed.Cooldowns);
        if (seed.Arming is { } journaled && !(_memory.Arming.Decision?.At >= journaled.At))
        {
            _memory.Arming.Set(journaled);
            Context.System.EventStream.Publish(new ArmingRestored(journaled));
            _log.Warning("{0} by {1} at {2:u}, before this start: kept until a person arms or disarms again", journaled.DryRun ? "disarmed" : "armed", journaled.By.ToWire(), journaled.At);
        }

        _memory.Seeded = true;
        EndHold();
    }

    private void EndHold()
    {
        if (_holdUntil is null)
        {
            return;
        }

        _holdUntil = null;

        // Pressure that was held back is acted on now, not a tick later.
        if (_level > PressureLevel.Yellow)
        {
            StartAttempt();
        }
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
        var plan = Planner.Plan(attempt.Level, attempt.Ranked, _options.Shed, Book.Gates(Now), attempt.Denied);
        ReportEscalation(plan);
        var reason = Describe(plan.Action, attempt.Level);
        switch (plan.Action)
        {
            case FreezeProcess f:
                _attempt = attempt with { Target = f.Target };
                Await(Step.Owner, $"the owner of {f.Target.Row.Identity}", ReplyDeadline);
                _registry.Tell(new Route(f.Target.Row.Identity, new Freeze(Requester.Valve, reason, attempt.Level, DryRun)));
                break;
            case KillProcess k:
                _attempt = attempt with { Target = k.Target };
                Await(Step.Owner, $"the owner of {k.Target.Row.Identity}", ReplyDeadline + (_preKill?.Timeout ?? TimeSpan.Zero));
                RouteKill(k.Target.Row, new KillRequest(Requester.Valve, reason, attempt.Level, DryRun));
                break;
            case ShedService s:
                _attempt = attempt with { ShedLabel = s.Label };
                Await(Step.Shed, $"service {s.Label}", ShedDeadline);
                _services.Tell(new Shed(s.Label, s.Tier, Requester.Valve, reason, attempt.Level, DryRun));
                break;
            case RaiseAlert a:
                if (_memory.LastAlertAt is not { } last || Now - last >= _options.Shed.SkipWindow)
                {
                    _memory.LastAlertAt = Now;
                    var detail = plan.Skipped.Count == 0 ? a.Reason : $"{a.Reason}; passed over: {string.Join("; ", plan.Skipped.Select(s => $"{s.Target}: {s.Reason}"))}";
                    _log.Error("ALERT {0}", detail);
                    Context.System.EventStream.Publish(new AlertDecision(Now, a.Level, detail));
                }

                EndAttempt();
                break;
            default:
                EndAttempt();
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

        var prospective = new SignalDecision(Now, row.Identity, row.Name, row.RssMb, Signal.Kill, request.By, DryRun ? Outcome.DryRun : Outcome.Applied, request.Reason, request.Level);
        gate.Hooks.Ask<PreKillDone>(new BeforeKill(prospective, row.Command), gate.Timeout)
            .ContinueWith(_ => kill, TaskScheduler.Default)
            .PipeTo(_registry, Self);
    }

    private void OnOwnerReply(OwnerReply reply)
    {
        if (_attempt is not { Step: Step.Owner } attempt || attempt.Target?.Row.Identity != reply.Target)
        {
            return;
        }

        var key = reply.Target.ToString();
        var action = reply.Signal.ToWire();
        if (reply is Applied applied)
        {
            Book = Book.WithApplied(key, action, Now);
            var what = attempt.Target is { } t ? $"{action} {t.Row.Name} (pid {t.Row.Pid})" : $"{action} {key}";
            _memory.LastAction = new LastAction(Now, what, applied.DryRun ? "dry-run" : "applied");
            if (!applied.DryRun && reply.Signal == Signal.Kill && attempt.Target is { } killed)
            {
                Book = Book.WithJudgementDue($"kill:{killed.Entry.Name}", Reading, Now);
            }

            EndAttempt();
            return;
        }

        // An owner's refusal with a date (cooldown, rest, max per hour) ends by itself; one without (denied, gone) does not.
        var refusal = reply switch
        {
            Deferred d => new ValveRefusal(d.Until, reply.Reason, Temporary: false),
            Refused { Until: { } u } => new ValveRefusal(u, reply.Reason, Temporary: true),
            _ => new ValveRefusal(Later.Than(Now, _options.Cooldown), reply.Reason, Temporary: false),
        };
        Book = Book.WithRefusal(key, action, refusal);
        Retry(attempt);
    }

    private void OnShedReply(ShedReply reply)
    {
        if (_attempt is not { Step: Step.Shed } attempt || attempt.ShedLabel != reply.Label)
        {
            return;
        }

        Book = Book.WithShedReply(reply.Label, reply.Outcome, reply.Reason, Now, Reading);
        if (reply.Outcome is Outcome.Applied or Outcome.DryRun)
        {
            _memory.LastAction = new LastAction(Now, $"shed {reply.Label}", reply.Outcome.ToWire());
            EndAttempt();
            return;
        }

        Retry(attempt);
    }

    private void Retry(Attempt attempt)
    {
        if (attempt.Tries + 1 >= MaxAttemptsPerTick)
        {
            EndAttempt();
            return;
        }

        _attempt = attempt with { Tries = attempt.Tries + 1, Target = null, ShedLabel = null };
        PlanAndAct();
    }

    private void ReportEscalation(Plan plan)
    {
        var stage = plan.Action.Stage;
        if (stage <= _memory.EpisodeStage)
        {
            return;
        }

        if (_memory.EpisodeStage != RemedyStage.Observe)
        {
            var why = plan.Skipped.Count == 0
                ? "earlier remedies left nothing to do"
                : string.Join("; ", plan.Skipped.Select(s => $"{s.Target}: {s.Reason}"));
            Context.System.EventStream.Publish(new EscalationDecision(Now, StageName(_memory.EpisodeStage), StageName(stage), why));
        }

        _memory.EpisodeStage = stage;
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

    private sealed record Attempt(long Id, PressureLevel Level, IReadOnlyList<Candidate> Ranked, int Tries, Candidate? Target = null)
    {
        public IReadOnlyList<DeniedCandidate> Denied { get; init; } = [];

        public Step Step { get; init; }

        public string? ShedLabel { get; init; }
    }

    private enum Step
    {
        Ranking,
        Owner,
        Shed,
    }

    private sealed record AttemptLapsed(long Attempt, string What, TimeSpan Within);
}
