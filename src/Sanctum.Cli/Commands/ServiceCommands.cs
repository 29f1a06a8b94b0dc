using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Spectre.Console.Cli;

namespace Sanctum.Cli.Commands;

/// <summary>A file a service manager reads.</summary>
internal sealed record ServiceFile(string Path, string Text);

/// <summary>
/// The per-user service of the executables <c>sanctum</c> runs from: systemd user units and the deadman timer on
/// Linux, LaunchAgents on macOS. <c>SANCTUM_SERVICE_MANAGER=systemd|launchd</c> picks one whatever the OS.
/// </summary>
internal sealed class ServicePlan
{
    private const string Daemon = "sanctumd";
    private static readonly string[] SystemdUnits = ["sanctumd.service", "sanctum-deadman.service", "sanctum-deadman.timer"];
    private static readonly string[] LaunchdLabels = ["com.sanctum.sanctumd", "com.sanctum.sanctum-deadman"];

    private ServicePlan(bool launchd, string home, string binDir)
    {
        Launchd = launchd;
        Home = home;
        BinDir = binDir;
        Folder = launchd ? Path.Combine(home, "Library", "LaunchAgents") : Path.Combine(home, ".config", "systemd", "user");
    }

    public bool Launchd { get; }

    public string Home { get; }

    /// <summary>Where <c>sanctum</c> runs from, and <c>sanctumd</c> must be.</summary>
    public string BinDir { get; }

    public string Folder { get; }

    public string Manager => Launchd ? "launchd" : "systemd";

    public static ServicePlan ForThisHost()
    {
        var manager = Environment.GetEnvironmentVariable("SANCTUM_SERVICE_MANAGER");
        var launchd = manager is null or "" ? RuntimeInformation.IsOSPlatform(OSPlatform.OSX) : manager == "launchd";
        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new ServicePlan(launchd, home, Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
    }

    public IReadOnlyList<ServiceFile> Files(bool armed) => Launchd
        ? LaunchdLabels.Select(l => new ServiceFile(Path.Combine(Folder, $"{l}.plist"), FillPlist(Template($"launchd/{l}.plist"), armed && l == LaunchdLabels[0]))).ToArray()
        : SystemdUnits.Select(u => new ServiceFile(Path.Combine(Folder, u), FillUnit(Template($"systemd/{u}"), armed && u == SystemdUnits[0]))).ToArray();

    public IReadOnlyList<string[]> LoadCommands() => Launchd
        ? [.. LaunchdLabels.SelectMany(l => new[] { Bootout(l), ["launchctl", "bootstrap", Domain, Path.Combine(Folder, $"{l}.plist")] })]
        : [["systemctl", "--user", "daemon-reload"], ["systemctl", "--user", "enable", "--now", "sanctumd.service", "sanctum-deadman.timer"]];

    public IReadOnlyList<string[]> UnloadCommands() => Launchd
        ? [.. LaunchdLabels.Select(Bootout)]
        : [["systemctl", "--user", "disable", "--now", "sanctumd.service", "sanctum-deadman.timer"]];

    public IReadOnlyList<string[]> AfterRemoval() => Launchd ? [] : [["systemctl", "--user", "daemon-reload"]];

    public IReadOnlyList<string[]> StatusCommands() => Launchd
        ? [.. LaunchdLabels.Select(l => new[] { "launchctl", "print", $"{Domain}/{l}" })]
        : [["systemctl", "--user", "is-active", "sanctumd.service", "sanctum-deadman.timer"]];

    public IEnumerable<string> InstalledPaths() =>
        (Launchd ? LaunchdLabels.Select(l => $"{l}.plist") : SystemdUnits).Select(n => Path.Combine(Folder, n));

    public string DaemonPath => Path.Combine(BinDir, Daemon);

    private static string Domain => $"gui/{Uid()}";

    private static string[] Bootout(string label) => ["launchctl", "bootout", $"{Domain}/{label}"];

    private string FillUnit(string text, bool armed)
    {
        var filled = text.Replace("%h/.local/lib/sanctum", BinDir, StringComparison.Ordinal);
        return armed ? filled.Replace($"ExecStart={DaemonPath}\n", $"ExecStart={DaemonPath} --armed\n", StringComparison.Ordinal) : filled;
    }

    private string FillPlist(string text, bool armed)
    {
        var filled = text.Replace("__HOME__/.local/lib/sanctum", BinDir, StringComparison.Ordinal).Replace("__HOME__", Home, StringComparison.Ordinal);
        var daemon = $"<string>{DaemonPath}</string>";
        return armed ? filled.Replace(daemon, $"{daemon}\n    <string>--armed</string>", StringComparison.Ordinal) : filled;
    }

    private static string Template(string name)
    {
        using var stream = typeof(ServicePlan).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is not built into sanctum");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [DllImport("libc", EntryPoint = "getuid")]
    private static extern uint Uid();
}

/// <summary>Runs (or, with <c>--print</c>, only prints) the service manager's commands, each with its result.</summary>
internal static class ServiceShell
{
    public static int Run(IEnumerable<string[]> commands, bool print, Func<string[], bool>? mayFail = null)
    {
        foreach (var command in commands)
        {
            var line = string.Join(' ', command.Select(a => a.Contains(' ') ? $"'{a}'" : a));
            if (print)
            {
                Console.Out.WriteLine($"would run: {line}");
                continue;
            }

            var (code, output) = Execute(command);
            Console.Out.WriteLine($"ran: {line} -> exit {code}{(output.Length > 0 ? $": {output}" : "")}");
            if (code != 0 && mayFail?.Invoke(command) != true)
            {
                return ExitCodes.DaemonError;
            }
        }

        return ExitCodes.Ok;
    }

    public static (int Code, string Output) Execute(string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, (stdout.Result + stderr.Result).Trim().ReplaceLineEndings(" "));
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (127, $"{command[0]}: {e.Message}");
        }
    }
}

public sealed class ServiceSettings : CommandSettings
{
    [CommandOption("--print")]
    [Description("Show every file and command; change nothing.")]
    public bool Print { get; init; }
}

public sealed class ServiceInstallCommand : Command<ServiceInstallCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--armed")]
        [Description("The daemon sends signals from its first minute (default: it observes until `sanctum arm`).")]
        public bool Armed { get; init; }

        [CommandOption("--print")]
        [Description("Show every file and command; change nothing.")]
        public bool Print { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plan = ServicePlan.ForThisHost();
        if (!File.Exists(plan.DaemonPath))
        {
            Console.Error.WriteLine($"sanctum service: {plan.DaemonPath} not found: sanctumd must sit beside this sanctum (publish both into one folder first, see README.md)");
            return ExitCodes.InvalidInput;
        }

        Console.Out.WriteLine($"{(settings.Print ? "would install" : "installing")} the {plan.Manager} service for {plan.BinDir} ({(settings.Armed ? "armed" : "dry-run until `sanctum arm`")})");
        foreach (var file in plan.Files(settings.Armed))
        {
            if (settings.Print)
            {
                Console.Out.WriteLine($"--- {file.Path}");
                Console.Out.WriteLine(file.Text.TrimEnd());
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
            Directory.CreateDirectory(Path.Combine(plan.Home, ".sanctum", "logs"));
            File.WriteAllText(file.Path, file.Text);
            Console.Out.WriteLine($"wrote {file.Path}");
        }

        // A bootout only unloads an older copy; it fails when there is none.
        var loaded = ServiceShell.Run(plan.LoadCommands(), settings.Print, mayFail: c => c[1] == "bootout");
        if (loaded == ExitCodes.Ok && !settings.Print)
        {
            Console.Out.WriteLine("installed: `sanctum status` shows the guard, `sanctum doctor` what it sees");
        }

        return loaded;
    }
}

public sealed class ServiceUninstallCommand : Command<ServiceSettings>
{
    public override int Execute(CommandContext context, ServiceSettings settings, CancellationToken cancellationToken)
    {
        var plan = ServicePlan.ForThisHost();
        ServiceShell.Run(plan.UnloadCommands(), settings.Print, mayFail: _ => true);
        foreach (var path in plan.InstalledPaths().Where(File.Exists))
        {
            if (!settings.Print)
            {
                File.Delete(path);
            }

            Console.Out.WriteLine($"{(settings.Print ? "would remove" : "removed")} {path}");
        }

        return ServiceShell.Run(plan.AfterRemoval(), settings.Print, mayFail: _ => true);
    }
}

public sealed class ServiceStatusCommand : Command<ServiceStatusCommand.Settings>
{
    public sealed class Settings : CommandSettings;

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var plan = ServicePlan.ForThisHost();
        foreach (var path in plan.InstalledPaths())
        {
            Console.Out.WriteLine($"{(File.Exists(path) ? "installed" : "missing  ")} {path}");
        }

        foreach (var command in plan.StatusCommands())
        {
            var (code, output) = ServiceShell.Execute(command);
            Console.Out.WriteLine($"{string.Join(' ', command)}: {(code == 0 ? "running" : "not running")} (exit {code}){(output.Length > 0 && !plan.Launchd ? $": {output}" : "")}");
        }

        return ExitCodes.Ok;
    }
}
