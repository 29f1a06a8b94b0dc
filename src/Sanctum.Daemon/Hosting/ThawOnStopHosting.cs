using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Ports;

namespace Sanctum.Daemon.Hosting;

public static class ThawOnStopHosting
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    /// <summary>With <c>sanctum.thaw-on-stop</c>, a clean stop first thaws what the guard froze (<see cref="ThawOnStop"/>).</summary>
    public static AkkaConfigurationBuilder WithSanctumThawOnStop(this AkkaConfigurationBuilder builder, bool enabled, IHoldJournal holds) =>
        !enabled
            ? builder
            : builder.AddStartup(async (system, registry) =>
            {
                var processes = await registry.GetAsync<ProcessRegistry>();
                var valve = await registry.GetAsync<ValveActor>();
                var log = Logging.GetLogger(system, nameof(ThawOnStop));
                CoordinatedShutdown.Get(system).AddTask(
                    CoordinatedShutdown.PhaseBeforeServiceUnbind,
                    ThawOnStop.TaskName,
                    () => ThawOnStop.RunAsync(processes, valve, holds, log, AskTimeout));
            });
}
