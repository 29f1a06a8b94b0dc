using Akka.Actor;
using Akka.Event;
using Sanctum.Os;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Notifications;

namespace Sanctum.Daemon.Notifications;

/// <summary>
/// Tells the person at the screen about decisions, as <see cref="NotificationPolicy"/> words and paces them, through the
/// <see cref="DesktopNotifier"/>. The notifier is started on the thread pool and its result comes back here, so neither its fork
/// nor a slow or hanging one (killed at its timeout) holds this actor or the decision path; it needs no thread of its own. When it cannot show a notification (not installed, no session bus) that is logged once, and again only
/// after it has worked in between.
/// </summary>
public sealed class NotificationActor : ReceiveActor, IWithTimers
{
    public const string Name = "notifications";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NotificationRules _rules;
    private readonly DesktopNotifier _notifier;
    private NotificationState _state = NotificationState.Initial;
    private bool _unavailable;

    public NotificationActor(NotificationRules rules, DesktopNotifier notifier)
    {
        _rules = rules;
        _notifier = notifier;
        Receive<Decision>(d => Apply(NotificationPolicy.Observe(_state, DecisionRecord.Of(d), _rules, Now)));
        Receive<FlushHeld>(_ => Apply(NotificationPolicy.Flush(_state, Now)));
        Receive<Shown>(OnShown);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static IReadOnlyList<Type> Topics { get; } = [typeof(Decision)];

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(NotificationRules rules, DesktopNotifier notifier) =>
        Akka.Actor.Props.Create(() => new NotificationActor(rules, notifier));

    private void Apply(NotificationStep step)
    {
        _state = step.State;
        if (step.FlushAt is { } at)
        {
            Timers.StartSingleTimer(FlushHeld.Instance, FlushHeld.Instance, at > Now ? at - Now : TimeSpan.Zero);
        }

        if (step.Send is { } notification)
        {
            Task.Run(() => _notifier.ShowAsync(notification)).PipeTo(Self, success: r => new Shown(notification, r));
        }
    }

    private void OnShown(Shown shown)
    {
        if (shown.Result.Succeeded)
        {
            if (_unavailable)
            {
                _log.Info("notifications: {0} works again", DesktopNotifier.Program);
            }

            _unavailable = false;
            return;
        }

        if (!_unavailable)
        {
            _log.Warning(
                "notifications: {0} could not show \"{1}\" ({2}); the guard goes on, and says this once (docs/notifications.md: the session bus)",
                DesktopNotifier.Program, shown.Notification.Body, shown.Result);
        }

        _unavailable = true;
    }

    private sealed record FlushHeld
    {
        public static FlushHeld Instance { get; } = new();
    }

    private sealed record Shown(Notification Notification, CommandResult Result);
}
