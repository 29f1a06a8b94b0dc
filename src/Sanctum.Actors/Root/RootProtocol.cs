using Akka.Actor;

namespace Sanctum.Actors.Root;

/// <summary>
/// The root's children, handed over once they exist so the wiring (the daemon's actor registry) can give callers
/// the actors they talk to; the root itself forwards nothing.
/// </summary>
public sealed record GuardActors(
    IActorRef Processes,
    IActorRef Scanner,
    IActorRef Picker,
    IActorRef Sentinel,
    IActorRef Services,
    IActorRef Valve,
    IActorRef Pressure);
