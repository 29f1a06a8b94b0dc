using Akka.Actor;
using Akka.Event;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Daemon.Actors;

/// <summary>
/// Logs every signal and shed that was sent, or would have been sent in dry-run, in the original's line shape:
/// <c>executing action=SIGSTOP &lt;name&gt; (pid &lt;pid&gt;, rss &lt;MB&gt; MB)</c>, and
/// <c>would have executed action=… dry_run=true</c>. A freeze undone from outside the guard is logged as a
/// warning: someone else is fighting the valve. Other decisions that sent nothing stay in the journal, not the log.
/// </summary>
public sealed class ActionLogger : ReceiveActor
{
    public const string Name = "action-logger";

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ActionLogger()
    {
        Receive<SignalDecision>(d => Log(d.Outcome, $"action={d.Signal.ToWire()} {d.Name} (pid {d.Target.Pid}, rss {d.RssMb} MB)", d.By, d.Reason));
        Receive<ShedDecision>(d => Log(d.Outcome, $"action=shed {d.Label}", d.By, d.Reason));
        Receive<OverrideDecision>(d => _log.Warning("{0} (pid {1}) {2}", d.Name, d.Target.Pid, d.Reason));
    }

    /// <summary>
    /// What it listens to; subscribe right after creating it so no decision published after that is missed. The
    /// event stream drops the subscription when the actor terminates, and keeps it across a restart.
    /// </summary>
    public static IReadOnlyList<Type> Topics { get; } = [typeof(SignalDecision), typeof(ShedDecision), typeof(OverrideDecision)];

    public static Props Props() => Akka.Actor.Props.Create(() => new ActionLogger());

    private void Log(Outcome outcome, string action, Requester by, string reason)
    {
        if (outcome == Outcome.Applied)
        {
            _log.Info("executing {0} by={1} reason=\"{2}\"", action, by.ToWire(), reason);
        }
        else if (outcome == Outcome.DryRun)
        {
            _log.Info("would have executed {0} dry_run=true by={1} reason=\"{2}\"", action, by.ToWire(), reason);
        }
    }
}
