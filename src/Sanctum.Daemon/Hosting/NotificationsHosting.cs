using Akka.Hosting;
using Sanctum.Configuration;
using Sanctum.Daemon.Notifications;
using Sanctum.Os;
using Sanctum.Policy.Notifications;
using Serilog;

namespace Sanctum.Daemon.Hosting;

public static class NotificationsHosting
{
    /// <summary>A notifier that has not answered by then is killed: no notification is worth a stuck child per event.</summary>
    private static readonly TimeSpan NotifierTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// <c>/user/notifications</c> (<see cref="NotificationActor"/>), subscribed to decisions, when
    /// <c>notify.desktop</c> is on and <c>notify.on</c> names an event; nothing at all otherwise.
    /// </summary>
    public static AkkaConfigurationBuilder WithSanctumNotifications(this AkkaConfigurationBuilder builder, NotifyOptions options)
    {
        if (!options.Desktop || options.On.Count == 0)
        {
            return builder;
        }

        return builder
            .WithActors((system, _) =>
            {
                var rules = new NotificationRules(options.On.ToHashSet(), options.MinInterval);
                var notifications = system.ActorOf(
                    NotificationActor.Props(rules, new DesktopNotifier(new ProcessCommandRunner(), NotifierTimeout)), NotificationActor.Name);
                foreach (var topic in NotificationActor.Topics)
                {
                    system.EventStream.Subscribe(notifications, topic);
                }

                Log.Information("notifications: {Events} through {Notifier}, at most one per {MinInterval}",
                    string.Join(", ", options.On), DesktopNotifier.Program, options.MinInterval);
            });
    }
}
