using Akka.Actor;

namespace Sanctum.Actors;

public static class ActorStartup
{
    /// <summary>
    /// Completes once <paramref name="actor"/> has answered a message, so its <c>PreStart</c> has run (an event-stream
    /// subscription made there is in place).
    /// </summary>
    public static Task WhenStartedAsync(this IActorRef actor, TimeSpan timeout) =>
        actor.Ask<ActorIdentity>(new Identify(null), timeout);
}
