using Xunit;

namespace Sanctum.Cli.Tests;

/// <summary>
/// <c>sanctum service</c> from a copy of the built client in a temporary folder, with a temporary HOME and fake
/// <c>systemctl</c>/<c>launchctl</c> on PATH that record their arguments.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ServiceCommandTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sanctum-service-");

    public ServiceCommandTests()
    {
        Directory.CreateDirectory(Bin);
        foreach (var file in Directory.GetFiles(BuiltClient.Folder))
        {
            File.Copy(file, Path.Combine(Bin, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(Bin, "sanctumd"), "");
        Directory.CreateDirectory(Fakes);
        foreach (var tool in new[] { "systemctl", "launchctl" })
        {
            var fake = Path.Combine(Fakes, tool);
            File.WriteAllText(fake, $"#!/bin/sh\necho \"{tool} $*\" >> '{Calls}'\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string Bin => Path.Combine(_root.FullName, "lib", "sanctum");

    private string Home => Path.Combine(_root.FullName, "home");

    private string Fakes => Path.Combine(_root.FullName, "fakes");

    private string Calls => Path.Combine(_root.FullName, "calls.txt");

    private string[] Recorded => File.Exists(Calls) ? File.ReadAllLines(Calls) : [];

    [Fact]
    public async Task PrintShowsTheFilledUnitsAndCommandsAndChangesNothing()
    {
        var run = await Service("systemd", "install", "--print", "--armed");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"--- {Home}/.config/systemd/user/sanctumd.service", run.Stdout);
        Assert.Contains($"ExecStart={Bin}/sanctumd --armed", run.Stdout);
        Assert.Contains($"ExecStart={Bin}/sanctum deadman", run.Stdout);
        Assert.Contains("OnUnitActiveSec=30s", run.Stdout);
        Assert.Contains("\nType=notify\nWatchdogSec=60s\n", run.Stdout.ReplaceLineEndings("\n"));
        Assert.Contains("would run: systemctl --user enable --now sanctumd.service sanctum-deadman.timer", run.Stdout);
        Assert.DoesNotContain("%h", run.Stdout);
        Assert.False(Directory.Exists(Home), "--print wrote files");
        Assert.Empty(Recorded);
    }

    [Fact]
    public async Task SystemdInstallWritesTheUnitsEnablesThemAndUninstallUndoesIt()
    {
        var install = await Service("systemd", "install");

        Assert.Equal(0, install.ExitCode);
        var units = Path.Combine(Home, ".config", "systemd", "user");
        Assert.Equal(["sanctum-deadman.service", "sanctum-deadman.timer", "sanctumd.service"], Directory.GetFiles(units).Select(Path.GetFileName).Order());
        Assert.Contains($"ExecStart={Bin}/sanctumd\n", File.ReadAllText(Path.Combine(units, "sanctumd.service")));
        Assert.Equal(["systemctl --user daemon-reload", "systemctl --user enable --now sanctumd.service sanctum-deadman.timer"], Recorded);
        Assert.Contains("ran: systemctl --user enable --now", install.Stdout);

        var status = await Service("systemd", "status");
        Assert.Contains($"installed {units}/sanctumd.service", status.Stdout);

        File.Delete(Calls);
        var uninstall = await Service("systemd", "uninstall");

        Assert.Equal(0, uninstall.ExitCode);
        Assert.Empty(Directory.GetFiles(units));
        Assert.Equal(["systemctl --user disable --now sanctumd.service sanctum-deadman.timer", "systemctl --user daemon-reload"], Recorded);
    }

    [Fact]
    public async Task LaunchdInstallWritesAgentsWithEveryPathFilledAndBootstrapsThem()
    {
        var install = await Service("launchd", "install", "--armed");

        Assert.Equal(0, install.ExitCode);
        var agents = Path.Combine(Home, "Library", "LaunchAgents");
        var daemon = File.ReadAllText(Path.Combine(agents, "com.sanctum.sanctumd.plist"));
        Assert.Contains($"<string>{Bin}/sanctumd</string>\n    <string>--armed</string>", daemon);
        Assert.Contains($"<string>{Home}/.sanctum/logs/sanctumd.stderr.log</string>", daemon);
        Assert.DoesNotContain("__HOME__", daemon + File.ReadAllText(Path.Combine(agents, "com.sanctum.sanctum-deadman.plist")));
        var uid = GetUid();
        Assert.Contains($"launchctl bootstrap gui/{uid} {agents}/com.sanctum.sanctumd.plist", Recorded);
        Assert.Contains($"launchctl bootstrap gui/{uid} {agents}/com.sanctum.sanctum-deadman.plist", Recorded);

        File.Delete(Calls);
        await Service("launchd", "uninstall");

        Assert.Empty(Directory.GetFiles(agents));
        Assert.Equal([$"launchctl bootout gui/{uid}/com.sanctum.sanctumd", $"launchctl bootout gui/{uid}/com.sanctum.sanctum-deadman"], Recorded);
    }

    [Fact]
    public async Task InstallRefusesWhenTheDaemonIsNotBesideTheClient()
    {
        File.Delete(Path.Combine(Bin, "sanctumd"));

        var run = await Service("systemd", "install");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sanctumd must sit beside this sanctum", run.Stderr);
        Assert.Empty(Recorded);
    }

    public void Dispose() => _root.Delete(recursive: true);

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getuid")]
    private static extern uint GetUid();

    private Task<ClientRun> Service(string manager, params string[] args) =>
        BuiltClient.RunAsync(
            Path.Combine(Bin, "sanctum.dll"),
            new Dictionary<string, string>
            {
                ["HOME"] = Home,
                ["PATH"] = $"{Fakes}:{Environment.GetEnvironmentVariable("PATH")}",
                ["SANCTUM_SERVICE_MANAGER"] = manager,
            },
            ["service", .. args]);
}
