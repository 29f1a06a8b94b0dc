using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Daemon.Heartbeat;
using Sanctum.Ledger;

namespace Sanctum.Daemon.Hosting;

public static class HeartbeatHosting
{
    /// <summary>
    /// <c>/user/heartbeat</c>: <c>&lt;data-dir&gt;/heartbeat.json</c> rewritten every tick, for the deadman, and systemd's
    /// <c>READY=1</c> and <c>WATCHDOG=1</c> (<see cref="SystemdNotify"/>) while the valve makes progress, <c>STOPPING=1</c> as a clean stop begins.
    /// </summary>
    public static AkkaConfigurationBuilder WithSanctumHeartbeat(this AkkaConfigurationBuilder builder, string dataDir, TimeSpan tick, DaemonRun run) =>
        builder.AddStartup(async (system, registry) =>
        {
            var path = Path.Combine(dataDir, Ledger.Heartbeat.FileName);
            var notifier = SystemdNotify.FromEnvironment();
            system.ActorOf(
                HeartbeatActor.Props(
                    await registry.GetAsync<ValveActor>(), await registry.GetAsync<ProcessRegistry>(), await registry.GetAsync<LedgerSupervisor>(),
                    path, tick, HeartbeatActor.DefaultAskTimeout, run.Version, run.StartedAt, notifier),
                HeartbeatActor.Name);
            if (notifier is not null)
            {
                var log = Logging.GetLogger(system, nameof(SystemdNotify));
                CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "systemd-stopping", () =>
                {
                    notifier.TryNotify("STOPPING=1", log);
                    return Task.FromResult(Done.Instance);
                });
            }
        });
}
