using Akka.Actor;
using Sanctum.Policy.Decisions;
using Sanctum.Ports;

namespace Sanctum.Actors.Services;

/// <summary>Parent of one <see cref="ServiceActor"/> per shed-tier label; routes sheds by label.</summary>
public sealed class ServiceRegistry : ReceiveActor
{
    public ServiceRegistry(IReadOnlyList<string> labels, IServicePort port, int respawnLoopPerHour, TimeSpan watchEvery)
    {
        var services = labels.Distinct(StringComparer.Ordinal).ToDictionary(
            l => l,
            l => Context.ActorOf(ServiceActor.Props(l, port, respawnLoopPerHour, watchEvery), Uri.EscapeDataString(l)),
            StringComparer.Ordinal);
        Receive<Shed>(shed =>
        {
            if (services.TryGetValue(shed.Label, out var service))
            {
                service.Forward(shed);
            }
            else
            {
                Sender.Tell(new ShedReply(shed.Label, Outcome.Refused, "not a configured shed target"));
            }
        });
    }

    /// <summary>
    /// A service actor that throws is resumed: its state (returns in the last hour, a respawn loop) changes only at the
    /// end of a message, and a restart would forget a loop and shed the service again. A reply the fault swallowed is
    /// the valve's to give up on (its attempt deadline).
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Resume);

    public static Props Props(IReadOnlyList<string> labels, IServicePort port, int respawnLoopPerHour, TimeSpan watchEvery) =>
        Akka.Actor.Props.Create(() => new ServiceRegistry(labels, port, respawnLoopPerHour, watchEvery));
}
