using Akka.Hosting;
using Sanctum.Daemon.Actors;

namespace Sanctum.Daemon.Hosting;

public static class ActionLogHosting
{
    /// <summary>Every signal and shed in the log (<see cref="ActionLogger"/>), subscribed before the guard's first tick.</summary>
    public static AkkaConfigurationBuilder WithSanctumActionLog(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, _) =>
        {
            var actions = system.ActorOf(ActionLogger.Props(), ActionLogger.Name);
            foreach (var topic in ActionLogger.Topics)
            {
                system.EventStream.Subscribe(actions, topic);
            }
        });
}
