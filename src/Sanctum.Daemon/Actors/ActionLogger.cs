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

    private static readonly string Applied = Outcome.Applied.ToWire();
    private static readonly string DryRun = Outcome.DryRun.ToWire();

    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ActionLogger() => Receive<Decision>(d => Log(DecisionRecord.Of(d)));

    /// <summary>
    /// What it listens to; subscribe right after creating it so no decision published after that is missed. The
    /// event stream drops the subscription when the actor terminates, and keeps it across a restart.
    /// </summary>
    public static IReadOnlyList<Type> Topics { get; } = [typeof(Decision)];

    public static Props Props() => Akka.Actor.Props.Create(() => new ActionLogger());

    private void Log(DecisionRecord r)
    {
        if (r is { Kind: DecisionKinds.Override, Process: { } resumed })
        {
            _log.Warning("{0} (pid {1}) {2}", r.Name, resumed.Pid, r.Reason);
            return;
        }

        if (r.Kind is not (DecisionKinds.Signal or DecisionKinds.Shed))
        {
            return;
        }

        var action = r.Process is { } p ? $"action={r.Action} {r.Name} (pid {p.Pid}, rss {r.RssMb} MB)" : $"action={r.Action} {r.Target}";
        if (r.Outcome == Applied)
        {
            _log.Info("executing {0} by={1} reason=\"{2}\"", action, r.By, r.Reason);
        }
        else if (r.Outcome == DryRun)
        {
            _log.Info("would have executed {0} dry_run=true by={1} reason=\"{2}\"", action, r.By, r.Reason);
        }
    }
}
