using Akka.Actor;

namespace Sanctum.Actors.Root;

/// <summary>
/// The root's strategy, chosen per child (docs/daemon.md, "Supervision"). A child whose state lives in its
/// children is resumed: restarting the process registry would stop every owner and drop the leases they hold,
/// restarting the service registry would forget each service's respawn loop. Every other child is restarted:
/// the scanner, picker and monitor hold only the last reading, and the valve and sentinel keep what they must
/// not lose outside their instance (<see cref="GuardMemory"/>). A child that cannot be built is stopped: its
/// constructor would only throw again.
/// </summary>
public sealed class GuardSupervision(Func<IActorRef, bool> resumes) : OneForOneStrategy(DefaultDecider)
{
    protected override Directive Handle(IActorRef child, Exception exception) => exception switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ when resumes(child) => Directive.Resume,
        _ => Directive.Restart,
    };
}
