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

    public static Props Props(IReadOnlyList<string> labels, IServicePort port, int respawnLoopPerHour, TimeSpan watchEvery) =>
        Akka.Actor.Props.Create(() => new ServiceRegistry(labels, port, respawnLoopPerHour, watchEvery));
}
