using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sanctum.Actors.Root;
using Sanctum.Configuration;
using Sanctum.Configuration.Pressure;
using Sanctum.Daemon.Hosting;
using Sanctum.Daemon.Pressure;
using Sanctum.Ledger;
using Sanctum.Os;
using Sanctum.Os.Linux;
using Serilog;

namespace Sanctum.Daemon;

public static class Program
{
    /// <summary>EX_CONFIG: systemd's unit does not restart on it (a bad config stays bad until edited).</summary>
    public const int ConfigExitCode = 78;

    public static async Task<int> Main(string[] args)
    {
        var parsed = CommandLine.Parse(args);
        if (parsed.Arguments is not { } arguments)
        {
            await Console.Error.WriteLineAsync($"sanctumd: {parsed.Error}\nRun 'sanctumd --help' for the options.");
            return CommandLineResult.UsageExitCode;
        }

        if (arguments.Help)
        {
            Console.WriteLine(CommandLine.Usage);
            return 0;
        }

        var config = SanctumConfigLoader.Load(arguments.ConfigFile, ProcessEnvironment.Read());
        if (!config.Ok)
        {
            return await Refuse("configuration", config.Errors);
        }

        PressureTimeline? script = null;
        if (arguments.PressureScript is { } scriptFile)
        {
            var loaded = PressureScript.Load(scriptFile);
            if (loaded.Timeline is null)
            {
                return await Refuse("pressure script", loaded.Errors);
            }

            script = loaded.Timeline;
        }

        var dataDir = Path.GetFullPath(arguments.ResolvedDataDir);
        var folder = DataFolder.Prepare(dataDir, (uint)Cli.PeerCredentials.DaemonUid);
        if (folder.ExitCode is { } refused)
        {
            await Console.Error.WriteLineAsync($"sanctumd: {folder.Error}");
            return refused;
        }

        if (await AwaitDataLock(dataDir) is not { } dataLock)
        {
            return CommandLineResult.UsageExitCode;
        }

        var options = config.Options;
        Log.Logger = DaemonLogging.Create(Path.Combine(dataDir, "logs"), arguments.LogJson || options.Log.Json);
        foreach (var warning in folder.Warnings)
        {
            Log.Warning("{Warning}", warning);
        }

        try
        {
            using (dataLock)
            {
                await Run(arguments, options, script, dataDir);
            }

            return 0;
        }
        catch (Exception e)
        {
            Log.Fatal(e, "sanctumd stopped on an error");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>
    /// How long a starting daemon waits for the data-folder lock: a <c>sanctum deadman</c> run holds it for the
    /// seconds it thaws (systemd may restart the daemon meanwhile), a running daemon holds it for good: one that Linux
    /// names as the holder (<see cref="DataLockHolder"/>) is refused at once.
    /// </summary>
    public static readonly TimeSpan DataLockPatience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan DataLockPoll = TimeSpan.FromMilliseconds(100);

    private static async Task<DataDirLock?> AwaitDataLock(string dataDir)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            try
            {
                return DataDirLock.Acquire(dataDir);
            }
            catch (DataDirLockedException) when (DataLockHolder.Daemon(Path.Combine(dataDir, DataDirLock.FileName)) is { } daemon)
            {
                await Console.Error.WriteLineAsync(
                    $"sanctumd: another sanctumd (pid {daemon}) already owns the data folder {dataDir}. Stop that daemon first, or give this one another --data-dir.");
                return null;
            }
            catch (DataDirLockedException) when (waited.Elapsed < DataLockPatience)
            {
                if (!announced)
                {
                    announced = true;
                    await Console.Error.WriteLineAsync(
                        $"sanctumd: the data folder {dataDir} is locked (a sanctum deadman run, or another sanctumd); waiting up to {DataLockPatience.TotalSeconds:0} s");
                }

                await Task.Delay(DataLockPoll);
            }
            catch (DataDirLockedException e)
            {
                await Console.Error.WriteLineAsync($"sanctumd: waited {DataLockPatience.TotalSeconds:0} s: {e.Message}");
                return null;
            }
        }
    }

    private static async Task Run(DaemonArguments arguments, SanctumOptions options, PressureTimeline? script, string dataDir)
    {
        var run = DaemonRun.Current();
        var settings = GuardSettings.From(options, run.ProtectedPids) with
        {
            DryRun = options.DryRun && !arguments.Armed,
            AwaitLedgerSeed = TimeSpan.FromSeconds(10),
        };

        Log.Information(
            "sanctumd {Version} starting (pid {Pid}): {Mode}, tick {Tick}, data dir {DataDir}, config {Config}, pressure from {Pressure}",
            run.Version, run.Pid, settings.DryRun ? "dry-run (observe only)" : "ARMED", options.Valve.Tick, dataDir,
            arguments.ConfigFile ?? "defaults", arguments.PressureScript ?? "the OS");
        if (OperatingSystem.IsLinux())
        {
            Log.Information("{OomScoreAdjust}", OomScoreAdjust.TryLower());
        }

        var osOptions = new OsPortsOptions(run.ProtectedPids.ToHashSet(), Log: message => Log.Warning("{OsPorts}", message)) { Tick = options.Valve.Tick };
        var ports = OsPorts.ForThisHost(osOptions);
        using var trigger = OsPorts.TriggerForThisHost(osOptions, ports.Pressure);
        ports = ports with { Trigger = trigger };
        if (script is not null)
        {
            ports = ports with { Pressure = new ScriptedPressure(script) };
        }

        var db = LedgerSetup.Prepare(options.Persistence, dataDir);
        if (db.Problem is { } problem)
        {
            Log.Error("PERSISTENCE DEGRADED: {Problem}; decisions are kept in memory only until the database is fixed and the daemon restarted", problem);
        }

        var reading = OsPorts.Reading(ports, trigger);
        using var holds = HoldFile.Open(dataDir);
        ports = ports.WithWriteAheadHolds(holds);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSerilog();
        builder.Services.AddAkka("sanctumd", akka => akka
            .WithSanctumRuntime()
            .WithSanctumLedger(db, options.Valve, run.StartedAt, holds)
            .WithSanctumClientGateway(run, options.Valve.Tick, reading, DatabaseFile(db))
            .WithSanctumActionLog()
            .WithSanctumHooks(options.Hooks, settings.DryRun)
            .WithSanctumNotifications(options.Notify)
            .WithSanctumGuard(settings, ports)
            .WithSanctumHeartbeat(dataDir, options.Valve.Tick, run)
            .WithSanctumMetrics(options.Metrics, options.Valve.Tick)
            .WithSanctumThawOnStop(options.ThawOnStop, holds)
            .WithSanctumStartupSummary(reading));

        // Registered after Akka, so it stops before the actor system does.
        builder.Services.AddSanctumClientSocket(SocketPath.Resolve(arguments.Socket, options.Cli.Socket));
        using var signals = DaemonSignals.IgnoreAll();
        await builder.Build().RunAsync();
    }

    /// <summary>The SQLite file the ledger journals to, when it is one (a file another process may delete or replace).</summary>
    private static string? DatabaseFile(LedgerDatabase db) =>
        db.Usable && db.ProviderName.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.ConnectionString).DataSource)
            : null;

    private static async Task<int> Refuse(string what, IReadOnlyList<Configuration.Hocon.ConfigError> errors)
    {
        await Console.Error.WriteLineAsync($"sanctumd: invalid {what}; not started:");
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"  {error}");
        }

        return ConfigExitCode;
    }
}
