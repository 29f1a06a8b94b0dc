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

            // Commands that ask the running daemon over its Unix socket (design §8).
            config.AddCommand<StatusCommand>("status").WithDescription("The level and its raw signals, armed or dry-run, last action, frozen count, uptime.");
            config.AddCommand<ActorsCommand>("actors").WithDescription("The live actor hierarchy under /user.");
            config.AddCommand<PsCommand>("ps").WithDescription("The ProcessActors that matter: state, owner, lease.");
            config.AddCommand<WhyCommand>("why").WithDescription("The decision trail of one process.").WithExample("why", "4242");
            config.AddCommand<HistoryCommand>("history").WithDescription("Every decision across the host.").WithExample("history", "--since", "1h");
            config.AddCommand<ThawCommand>("thaw").WithDescription("Resume a process now; the guard rests it for a cooldown.").WithExample("thaw", "4242");
            config.AddCommand<ArmCommand>("arm").WithDescription("Send signals from now on (dry-run off).");
            config.AddCommand<DisarmCommand>("disarm").WithDescription("Decide and record only (dry-run on).");
            config.AddCommand<TopCommand>("top").WithDescription("A live view refreshed every tick, until Ctrl-C.");

            // Commands that need no daemon.
            config.AddCommand<ReplayCommand>("replay")
                .WithDescription("Replay a scenario file against the guard's actors in virtual time and print every decision.")
                .WithExample("replay", "scenarios/2026-04-26-sigstop-loop.conf", "--json");
            config.AddCommand<DeadmanCommand>("deadman")
                .WithDescription("Without the daemon: if its heartbeat is stale, thaw every process the ledger says it left frozen.")
                .WithExample("deadman", "--data-dir", "/var/lib/sanctum");
            config.AddCommand<DoctorCommand>("doctor")
                .WithDescription("Without the daemon: the pressure, how it is read, the process table as the picker ranks it with each verdict, and every input line not understood.")
                .WithExample("doctor", "--from", "capture-dir", "--json");
            config.AddBranch("service", branch =>
            {
                branch.SetDescription("Run the guard as a per-user service (systemd on Linux, launchd on macOS).");
                branch.AddCommand<ServiceInstallCommand>("install")
                    .WithDescription("Write the service files for the executables sanctum runs from, load them, print what was done.")
                    .WithExample("service", "install", "--print");
                branch.AddCommand<ServiceUninstallCommand>("uninstall").WithDescription("Stop the service and remove its files.");
                branch.AddCommand<ServiceStatusCommand>("status").WithDescription("What is installed and whether it runs.");
            });
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
