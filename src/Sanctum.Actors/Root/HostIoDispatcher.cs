namespace Sanctum.Actors.Root;

/// <summary>
/// The one thread the guard's host commands block: the scanner (macOS <c>ps</c>, a large <c>/proc</c>), the
/// service registry and its service actors (<c>systemctl</c>, <c>launchctl</c>) and, when its readings fork
/// (macOS <c>vm_stat</c>/<c>sysctl</c>), the pressure monitor. Deployed by path in the daemon's configuration, so
/// the valve, the gateway and the heartbeat on the default dispatcher answer while a command hangs up to its
/// timeout; an actor system without it (replay, tests) runs them on its default dispatcher.
/// </summary>
public static class HostIoDispatcher
{
    public const string Id = "sanctum-host-io";

    /// <summary>The dispatcher (a dedicated pool of one thread, shared by the actors on it) and the deployments onto it.</summary>
    public static string Hocon(bool pressureForks) => $$"""
        {{Id}} {
          type = ForkJoinDispatcher
          throughput = 100
          dedicated-thread-pool { thread-count = 1, threadtype = background }
        }
        akka.actor.deployment {
          "/{{SanctumSupervisor.Name}}/scanner" { dispatcher = {{Id}} }
          "/{{SanctumSupervisor.Name}}/services" { dispatcher = {{Id}} }
          "/{{SanctumSupervisor.Name}}/services/*" { dispatcher = {{Id}} }
        {{(pressureForks ? $"  \"/{SanctumSupervisor.Name}/pressure\" {{ dispatcher = {Id} }}" : "")}}
        }
        """;
}
