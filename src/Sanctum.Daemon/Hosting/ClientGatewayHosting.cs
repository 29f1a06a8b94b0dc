using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Sanctum.Actors;
using Sanctum.Actors.Gateway;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Daemon.Cli;
using Sanctum.Ledger;
using Sanctum.Os;

namespace Sanctum.Daemon.Hosting;

public static class ClientGatewayHosting
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// <c>/user/decisions</c> (subscribed before the guard's first tick) and <c>/user/cli</c>, which answers the
    /// client by asking the guard's actors and the ledger (and whether <paramref name="databaseFile"/> is still the file it opened).
    /// </summary>
    public static AkkaConfigurationBuilder WithSanctumClientGateway(this AkkaConfigurationBuilder builder, DaemonRun run, TimeSpan tick, string reading, string? databaseFile = null) =>
        builder
            .WithActors(async (system, registry) =>
            {
                var decisions = system.ActorOf(DecisionLog.Props(), DecisionLog.Name);
                await decisions.WhenStartedAsync(AskTimeout);
                registry.Register<DecisionLog>(decisions);
            })
            .AddStartup(async (system, registry) =>
            {
                var targets = new GatewayTargets(
                    await registry.GetAsync<ValveActor>(),
                    await registry.GetAsync<ProcessRegistry>(),
                    registry.Get<DecisionLog>());
                IPersistenceHealth persistence = new LedgerPersistenceHealth(await registry.GetAsync<LedgerSupervisor>());
                if (databaseFile is not null)
                {
                    persistence = new DatabaseFileHealth(persistence, databaseFile, path => FileStatus.Of(path)?.Identity);
                }

                var settings = new CliGatewaySettings(run.Version, run.Pid, run.StartedAt, tick, AskTimeout, persistence) { Reading = reading, OwnUid = ProcessInfo.Uid };
                registry.Register<CliGateway>(system.ActorOf(CliGateway.Props(targets, settings), CliGateway.Name));
            });

    /// <summary>The client's Unix socket; it serves once the gateway is registered and stops before the actor system does.</summary>
    public static IServiceCollection AddSanctumClientSocket(this IServiceCollection services, string path) =>
        services.AddSingleton(new SocketServerOptions(path)).AddHostedService<SocketServer>();
}
