using Akka.Actor;
using Akka.Event;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Actors.Services;

/// <summary>
/// One supervised service (launchd label or systemd unit): sheds it through the port, and after each shed
/// watches for the supervisor bringing it back. More than <c>respawnLoopPerHour</c> returns in an hour is a
/// respawn loop: the service is not shed again, and the loop is reported.
/// </summary>
public sealed class ServiceActor : ReceiveActor, IWithTimers
{
    private const string WatchTimer = "watch";
    private readonly Queue<DateTimeOffset> _respawns = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private DateTimeOffset _watchUntil;
    private bool _loop;

    public ServiceActor(string label, IServicePort port, int respawnLoopPerHour, TimeSpan watchEvery)
    {
        Receive<Shed>(shed =>
        {
            if (_loop)
            {
                Finish(shed, Sender, Outcome.Refused, $"respawn loop: brought back {_respawns.Count} times in the last hour; not shed again");
            }
            else if (shed.DryRun)
            {
                Finish(shed, Sender, Outcome.DryRun, shed.Reason);
            }
            else
            {
                var replyTo = Sender;
                port.StopAsync(label).PipeTo(Self, success: d => new Stopped(shed, d, replyTo), failure: _ => new Stopped(shed, Delivery.Failed, replyTo));
            }
        });
        Receive<Stopped>(stopped =>
        {
            var (outcome, reason) = stopped.Delivery switch
            {
                Delivery.Delivered => (Outcome.Applied, stopped.Shed.Reason),
                Delivery.Gone => (Outcome.Already, "not running"),
                Delivery.NotPermitted => (Outcome.Refused, "not permitted to stop this service"),
                _ => (Outcome.Refused, "the supervisor did not stop it"),
            };
            Finish(stopped.Shed, stopped.ReplyTo, outcome, reason);
            if (outcome is Outcome.Applied or Outcome.Already)
            {
                Publish(running: false);
                _watchUntil = Now + TimeSpan.FromHours(1);
                Timers.StartPeriodicTimer(WatchTimer, Watch.Instance, watchEvery);
            }
        });
        Receive<Watch>(_ =>
        {
            if (Now > _watchUntil)
            {
                Timers.Cancel(WatchTimer);
                return;
            }

            port.StatusAsync(label).PipeTo(Self, failure: _ => new ServiceStatus(false, null));
        });
        Receive<ServiceStatus>(status =>
        {
            if (!status.Running || !Timers.IsTimerActive(WatchTimer))
            {
                return;
            }

            Timers.Cancel(WatchTimer);
            var now = Now;
            _respawns.Enqueue(now);
            while (_respawns.Count > 0 && now - _respawns.Peek() >= TimeSpan.FromHours(1))
            {
                _respawns.Dequeue();
            }

            if (_respawns.Count > respawnLoopPerHour && !_loop)
            {
                _loop = true;
                _log.Warning("respawn loop: {0} was brought back {1} times in the last hour; it will not be shed again", label, _respawns.Count);
                Context.System.EventStream.Publish(new RespawnLoopDecision(now, label, _respawns.Count));
            }

            Publish(running: true);
        });

        void Publish(bool running) =>
            Context.System.EventStream.Publish(new ServiceStateChanged(label, running, _loop, Now));

        void Finish(Shed shed, IActorRef replyTo, Outcome outcome, string reason)
        {
            Context.System.EventStream.Publish(new ShedDecision(Now, label, shed.By, outcome, reason, shed.Level));
            replyTo.Tell(new ShedReply(label, outcome, reason));
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(string label, IServicePort port, int respawnLoopPerHour, TimeSpan watchEvery) =>
        Akka.Actor.Props.Create(() => new ServiceActor(label, port, respawnLoopPerHour, watchEvery));

    private sealed record Stopped(Shed Shed, Delivery Delivery, IActorRef ReplyTo);

    private sealed record Watch
    {
        public static Watch Instance { get; } = new();
    }
}
