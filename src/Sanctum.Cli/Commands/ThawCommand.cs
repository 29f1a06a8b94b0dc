using System.ComponentModel;
using Sanctum.Actors.Gateway;
using Sanctum.Cli.Daemon;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

public sealed class ThawCommand : DaemonCommand<ThawCommand.Settings>
{
    public sealed class Settings : DaemonSettings
    {
        [CommandArgument(0, "<PID>")]
        [Description("The process to resume; the guard will not refreeze it within the cooldown.")]
        public int Pid { get; init; }

        public override ValidationResult Validate() =>
            Pid > 1 ? base.Validate() : ValidationResult.Error($"pid {Pid}: pids of 1 and below are never signalled (1 is init, 0 and -1 are process groups)");
    }

    protected override int Run(DaemonClient client, Settings settings, CancellationToken cancellationToken) =>
        Print(client.Request("thaw", w => w.WriteNumber("pid", settings.Pid)), settings.Json, CliJson.Default.ThawView, t =>
            Console.Out.WriteLine($"pid {t.Pid} (start {t.Start}): {t.Outcome} — {t.Reason}" + (t.Until is { } until ? $" (until {Clock(until)})" : "")));
}

public sealed class ArmCommand : DaemonCommand<DaemonSettings>
{
    protected override int Run(DaemonClient client, DaemonSettings settings, CancellationToken cancellationToken) => Switch(client, "arm", settings.Json);

    public static int Switch(DaemonClient client, string command, bool json) =>
        Print(client.Request(command), json, CliJson.Default.ArmingView, a =>
            Console.Out.WriteLine(a.Armed ? "armed: the guard sends signals" : "disarmed: dry-run, the guard decides and records but sends nothing"));
}

public sealed class DisarmCommand : DaemonCommand<DaemonSettings>
{
    protected override int Run(DaemonClient client, DaemonSettings settings, CancellationToken cancellationToken) => ArmCommand.Switch(client, "disarm", settings.Json);
}
