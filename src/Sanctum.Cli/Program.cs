using Sanctum.Cli.Commands;
using Spectre.Console.Cli;

namespace Sanctum.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("sanctum");
            config.AddCommand<ReplayCommand>("replay")
                .WithDescription("Replay a scenario file against the guard's actors in virtual time and print every decision.")
                .WithExample("replay", "scenarios/2026-04-26-sigstop-loop.conf", "--json");
            config.AddCommand<DeadmanCommand>("deadman")
                .WithDescription("Without the daemon: if its heartbeat is stale, thaw every process the ledger says it left frozen.")
                .WithExample("deadman", "--data-dir", "/var/lib/sanctum");
            config.AddBranch("config", branch =>
            {
                branch.SetDescription("Work with configuration files.");
                branch.AddCommand<ConfigCheckCommand>("check")
                    .WithDescription("Validate a configuration file (over the shipped defaults) without a daemon.");
            });
        });
        return app.Run(args);
    }
}
