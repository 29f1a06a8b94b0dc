using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Probing;
using Sanctum.Ports;

namespace Sanctum.Actors.Sentinel;

/// <summary>
/// One service probe, run every <c>every</c> through the port and piped back, so a slow probe never blocks
/// this actor (or anything else). The rules are <see cref="ProbePolicy"/>'s; this shell runs the probe, the
/// healthy-when check and the recovery commands, and publishes what the policy decided. A tick that comes
/// while a probe or recovery is still running is skipped, never queued.
/// </summary>
public sealed class ProbeActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ProbeOptions _probe;
    private readonly ProbeMemory _memory;
    private DateTimeOffset? _frozenAtStart;
    private bool _busy;

    /// <param name="arming">The guard's arming, read at each recovery.</param>
    /// <param name="memory">Kept by the <c>Props</c> (the sentinel's): the failure counts and lease a restart must not lose.</param>
    public ProbeActor(ProbeOptions probe, IProbePort port, GuardArming arming, ProbeMemory memory)
    {
        _probe = probe;
        _memory = memory;
        Receive<Tick>(_ =>
        {
            if (_busy)
            {
                return;
            }

            _busy = true;
            _frozenAtStart = _memory.FrozenUntil;
            port.RunAsync(probe, _stopping.Token).PipeTo(Self, success: r => new Ran(r), failure: e => new Ran(new ProbeResult(false, e.Message)));
        });
        Receive<Ran>(ran =>
        {
            if (ran.Result.Passed || probe.HealthyWhen is not { } healthyWhen)
            {
                Observe(new ProbeObservation(ran.Result.Passed, ran.Result.Detail));
                return;
            }

            port.RunCommandAsync(healthyWhen, probe.Timeout).PipeTo(
                Self,
                success: h => new ProbeObservation(false, ran.Result.Detail, h.Passed),
                failure: _ => new ProbeObservation(false, ran.Result.Detail, false));
        });
        Receive<ProbeObservation>(Observe);
        Receive<Recovered>(r =>
        {
            _busy = false;
            Publish(new RecoveryDecision(Now, probe.Service, r.Ok ? Outcome.Applied : Outcome.Refused, r.Reason));
        });
        Receive<LinkedLease>(l => _memory.FrozenUntil = l.Until);
        Receive<LevelChanged>(c => _memory.Level = c.To);

        void Observe(ProbeObservation seen)
        {
            var step = ProbePolicy.Observe(_memory.State, probe, seen, Now, _frozenAtStart ?? _memory.FrozenUntil);
            _memory.State = step.State;
            if (step.Log is { } line)
            {
                _log.Warning(line);
            }

            Publish(step.Probe);
            Publish(step.Evaluation);
            if (step.Alert is { } alert)
            {
                Publish(new AlertDecision(Now, _memory.Level, alert));
            }

            if (!step.Recover)
            {
                _busy = false;
            }
            else if (arming.DryRun)
            {
                _busy = false;
                Publish(new RecoveryDecision(Now, probe.Service, Outcome.DryRun, $"would run: {string.Join("; ", probe.Recover)}"));
            }
            else
            {
                RecoverAsync(port, probe).PipeTo(Self);
            }
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <summary>A probe of its own (tests): its memory is made once here, so it survives the probe's restarts.</summary>
    public static Props Props(ProbeOptions probe, IProbePort port, bool dryRun) => Props(probe, port, new GuardArming(dryRun), new ProbeMemory());

    public static Props Props(ProbeOptions probe, IProbePort port, GuardArming arming, ProbeMemory memory) =>
        Akka.Actor.Props.Create(() => new ProbeActor(probe, port, arming, memory));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(LevelChanged));
        Timers.StartPeriodicTimer("probe", Tick.Instance, _probe.Every);
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>
    /// Runs the recovery commands in order, each to its end: an unload that fails (say, already unloaded)
    /// must not keep the load from running. A step gets the grace as its timeout: a recovery still running
    /// when its grace ends could not have been effective anyway.
    /// </summary>
    private static async Task<Recovered> RecoverAsync(IProbePort port, ProbeOptions probe)
    {
        var timeout = probe.RecoverGrace > probe.Timeout ? probe.RecoverGrace : probe.Timeout;
        var failed = new List<string>();
        foreach (var command in probe.Recover)
        {
            var result = await port.RunCommandAsync(command, timeout).ConfigureAwait(false);
            if (!result.Passed)
            {
                failed.Add($"`{command}` failed: {result.Detail}");
            }
        }

        return failed.Count == 0 ? new Recovered(true, $"ran: {string.Join("; ", probe.Recover)}") : new Recovered(false, string.Join("; ", failed));
    }

    private void Publish(Decision? decision)
    {
        if (decision is not null)
        {
            Context.System.EventStream.Publish(decision);
        }
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record Ran(ProbeResult Result);

    private sealed record Recovered(bool Ok, string Reason);
}
