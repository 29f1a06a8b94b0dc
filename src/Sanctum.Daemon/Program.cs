using System.Collections;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Akka.Logger.Serilog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sanctum.Actors.Gateway;
using Sanctum.Actors.Processes;
using Sanctum.Configuration.Pressure;
using Sanctum.Policy.Decisions;

using Sanctum.Actors.Root;
using Sanctum.Configuration;
using Sanctum.Daemon.Actors;
using Sanctum.Daemon.Cli;
using Sanctum.Daemon.Heartbeat;
using Sanctum.Daemon.Pressure;
using Sanctum.Ledger;
using Sanctum.Os;
using Sanctum.Os.Linux;
using Sanctum.Policy.Effectiveness;
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

        var config = SanctumConfigLoader.Load(arguments.ConfigFile, Environment());
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
        try
        {
            CreatePrivateDirectory(dataDir);
            CreatePrivateDirectory(Path.Combine(dataDir, "logs"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"sanctumd: cannot create the data directory {dataDir}: {e.Message}");
            return 1;
        }

        DataDirLock dataLock;
        try
        {
            dataLock = DataDirLock.Acquire(dataDir);
        }
        catch (DataDirLockedException e)
        {
            await Console.Error.WriteLineAsync($"sanctumd: {e.Message}");
            return CommandLineResult.UsageExitCode;
        }

        var options = config.Options;
        Log.Logger = DaemonLogging.Create(Path.Combine(dataDir, "logs"), arguments.LogJson || options.Log.Json);
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

    private static async Task Run(DaemonArguments arguments, SanctumOptions options, PressureTimeline? script, string dataDir)
    {
        var processStart = new DateTimeOffset(Process.GetCurrentProcess().StartTime);
        var version = typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        int[] protectedPids = [System.Environment.ProcessId, getppid()];
        // The ledger recovers from its snapshot in well under a second; 10 s covers a full replay of a large journal.
        var settings = GuardSettings.From(options, protectedPids) with
        {
            DryRun = options.DryRun && !arguments.Armed,
            AwaitLedgerSeed = TimeSpan.FromSeconds(10),
        };

        Log.Information(
            "sanctumd {Version} starting (pid {Pid}): {Mode}, tick {Tick}, data dir {DataDir}, config {Config}, pressure from {Pressure}",
            version, protectedPids[0], settings.DryRun ? "dry-run (observe only)" : "ARMED", options.Valve.Tick, dataDir,
            arguments.ConfigFile ?? "defaults", arguments.PressureScript ?? "the OS");
        if (OperatingSystem.IsLinux())
        {
            Log.Information("{OomScoreAdjust}", OomScoreAdjust.TryLower());
        }

        var osOptions = new OsPortsOptions(protectedPids.ToHashSet()) { Tick = options.Valve.Tick };
        using var trigger = OsPorts.TriggerForThisHost(osOptions);
        var ports = OsPorts.ForThisHost(osOptions) with { Trigger = trigger };
        Log.Information("pressure: {Mode}", trigger.Mode);
        if (script is not null)
        {
            ports = ports with { Pressure = new ScriptedPressure(script) };
        }

        var db = LedgerSetup.Prepare(options.Persistence, dataDir);
        if (db.Problem is { } problem)
        {
            Log.Error("PERSISTENCE DEGRADED: {Problem}; decisions are kept in memory only until the database is fixed and the daemon restarted", problem);
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddSerilog();
        builder.Services.AddSystemd();
        builder.Services.AddAkka("sanctumd", akka =>
        {
            akka.ConfigureLoggers(l =>
                {
                    l.LogLevel = Akka.Event.LogLevel.InfoLevel;
                    l.ClearLoggers();
                    l.AddLogger<SerilogLogger>();
                })
                // Thawing on stop runs in before-service-unbind: at most three 3 s asks in a row, so 10 s, within the host's 20 s.
                // The host's stop runs CoordinatedShutdown; the CLR exit hook would start a second, racing run.
                // The default 10 ms scheduler wheel wakes 100 times a second; the guard's finest timer is a tick of seconds.
                .AddHocon(
                    """
                    akka.coordinated-shutdown.phases.before-service-unbind.timeout = 10s
                    akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
                    akka.scheduler.tick-duration = 100ms
                    """,
                    HoconAddMode.Prepend);
            LedgerSetup.Configure(akka, db)
                .WithActors((system, registry) =>
                {
                    var actions = system.ActorOf(ActionLogger.Props(), ActionLogger.Name);
                    foreach (var topic in ActionLogger.Topics)
                    {
                        system.EventStream.Subscribe(actions, topic);
                    }

                    // The ledger and the decision log first, so they are subscribed before the first decision is published.
                    var ledger = system.ActorOf(LedgerSupervisor.Props(LedgerSettings.For(options.Valve.Cooldown, db)), "ledger");
                    registry.Register<LedgerSupervisor>(ledger);
                    var decisions = system.ActorOf(DecisionLog.Props(), DecisionLog.Name);

                    // Subscribed here, synchronously: their own PreStart may run after the root's first tick.
                    system.EventStream.Subscribe(ledger, typeof(Decision));
                    system.EventStream.Subscribe(decisions, typeof(Decision));
                    var root = system.ActorOf(SanctumSupervisor.Props(settings, ports), SanctumSupervisor.Name);
                    registry.Register<SanctumSupervisor>(root);

                    // After a crash: owners re-adopt the freezes still held (or thaw them), the valve takes back
                    // its ineffective markers and cooldowns, and why/history get the trail from before the start.
                    system.ActorOf(ReconcilerActor.Props(ledger, root, new TableRead(ports.Processes.Read().Rows, DateTimeOffset.UtcNow)), "reconciler");
                    var fresh = ShedEffectiveness.Create(options.Valve.Shed.DeltaMb, options.Valve.Shed.MaxFailStreak, options.Valve.Shed.SkipWindow);
                    var recovered = ledger.Ask<LedgerState>(GetLedgerState.Instance, TimeSpan.FromSeconds(30));
                    recovered.PipeTo(root, success: state => state.ToValveSeed(fresh, DateTimeOffset.UtcNow), failure: e => new Status.Failure(e));
                    recovered.PipeTo(decisions, success: state => state.TrailBefore(processStart), failure: e => new Status.Failure(e));
                    system.ActorOf(
                        HeartbeatActor.Props(root, ledger, Path.Combine(dataDir, HeartbeatFile.FileName), options.Valve.Tick, HeartbeatActor.DefaultAskTimeout, version, processStart),
                        HeartbeatActor.Name);
                    var gateway = new CliGatewaySettings(version, protectedPids[0], processStart, options.Valve.Tick, TimeSpan.FromSeconds(3), new LedgerPersistenceHealth(ledger));
                    registry.Register<CliGateway>(system.ActorOf(CliGateway.Props(root, decisions, gateway), CliGateway.Name));
                })
                .AddStartup((system, registry) =>
                {
                    if (options.ThawOnStop)
                    {
                        var root = registry.Get<SanctumSupervisor>();
                        var log = Logging.GetLogger(system, nameof(ThawOnStop));
                        CoordinatedShutdown.Get(system).AddTask(
                            CoordinatedShutdown.PhaseBeforeServiceUnbind,
                            ThawOnStop.TaskName,
                            () => ThawOnStop.RunAsync(root, log, TimeSpan.FromSeconds(3)));
                    }
                });
        });

        // Registered after Akka: it starts once the gateway exists and stops before the actor system does.
        builder.Services.AddSingleton(new SocketServerOptions(SocketPath.Resolve(arguments.Socket, options.Cli.Socket)));
        builder.Services.AddHostedService<SocketServer>();
        await builder.Build().RunAsync();
    }

    private static async Task<int> Refuse(string what, IReadOnlyList<Configuration.Hocon.ConfigError> errors)
    {
        await Console.Error.WriteLineAsync($"sanctumd: invalid {what}; not started:");
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"  {error}");
        }

        return ConfigExitCode;
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static Dictionary<string, string?> Environment() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);

    [DllImport("libc")]
    private static extern int getppid();
}
