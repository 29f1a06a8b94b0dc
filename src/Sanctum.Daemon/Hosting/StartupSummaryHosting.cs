using Akka.Actor;
using Akka.Event;
using Akka.Hosting;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Daemon.Hosting;

public static class StartupSummaryHosting
{
    /// <summary>
    /// Once the first pressure reading and the first process scan are in, one log line says where the user stands
    /// (<see cref="Describe"/>); the actor that gathers it then stops, so it costs nothing after the first seconds.
    /// </summary>
    /// <param name="reading">How pressure is read and the sampler woken (as <c>sanctum status</c> shows it).</param>
    public static AkkaConfigurationBuilder WithSanctumStartupSummary(this AkkaConfigurationBuilder builder, string reading) =>
        builder.AddStartup(async (system, registry) =>
        {
            var valve = await registry.GetAsync<ValveActor>();
            var scanner = await registry.GetAsync<ProcessScanner>();
            var processes = await registry.GetAsync<ProcessRegistry>();

            // Before the client socket opens: an arming older than this is the journal's, from an earlier run.
            var started = DateTimeOffset.UtcNow;
            system.ActorOf(Props.Create(() => new StartupSummary(valve, scanner, processes, reading, started)), StartupSummary.Name);
        });

    /// <summary>The line itself: reading path, pressure and level, what is watched, the mode, and where to look next.</summary>
    /// <param name="started">When this run started: a person's arming from before it was kept across the restart.</param>
    public static string Describe(string reading, ValveStatus status, IReadOnlyList<OwnerSnapshot> owners, DateTimeOffset started)
    {
        var pressure = status.Sample is { } s
            ? $"{status.Level.ToWire()} (available {s.AvailableMb} MB, swap {s.SwapUsedMb}/{s.SwapTotalMb} MB)"
            : status.Level.ToWire();
        var candidates = owners.Count(o => o.Traits is { IsAllowlisted: true, DeniedReason: null });
        var critical = owners.Count(o => o.Traits.IsCritical);
        var kept = status.LastArming is { } arming && arming.At < started && arming.DryRun == status.DryRun
            ? $"by {arming.By.ToWire()} at {arming.At:u} (kept across restarts)"
            : null;
        var mode = (status.DryRun, kept) switch
        {
            (true, null) => "dry-run: only watching, nothing is signalled (`sanctum arm` to protect)",
            (true, _) => $"dry-run: disarmed {kept}, nothing is signalled (`sanctum arm` to protect)",
            (false, null) => "ARMED: protecting, freezes, sheds and kills what the configuration allows",
            (false, _) => $"ARMED: armed {kept}, protecting, freezes, sheds and kills what the configuration allows",
        };
        return $"started: reading {reading}; pressure {pressure}; watching {owners.Count} processes, "
            + $"{candidates} allow-listed freeze candidates, {critical} critical; {mode}; look with `sanctum status` and `sanctum doctor`";
    }

    /// <summary>Asks the scanner for one scan, waits for a reading the valve has seen, lists every owner once, logs, stops.</summary>
    private sealed class StartupSummary : ReceiveActor, IWithTimers
    {
        public const string Name = "startup-summary";

        private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

        /// <summary>Long enough for a slow first reading; a reading that never comes is the pressure monitor's warning to give.</summary>
        private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

        private readonly ILoggingAdapter _log = Context.GetLogger();

        public StartupSummary(IActorRef valve, IActorRef scanner, IActorRef processes, string reading, DateTimeOffset started)
        {
            void AskValve() => valve.Ask<ValveStatus>(GetValveStatus.Instance, AskTimeout).PipeTo(Self);

            void Finishing()
            {
                // A reading the valve has seen is published as a LevelTick after it is told, so asking then finds its sample;
                // until the ledger's seed is in, the mode may still be replaced by a journalled arming.
                Receive<LevelTick>(_ => AskValve());
                Receive<ValveStatus>(s => s.Sample is not null && !s.AwaitingSeed, s =>
                    processes.Ask<OwnerList>(new ListOwners(All: true), AskTimeout)
                        .PipeTo(Self, success: owners => new Gathered(s, owners)));
                Receive<ValveStatus>(_ => { });
                Common();
            }

            void Common()
            {
                Receive<Gathered>(g =>
                {
                    _log.Info(Describe(reading, g.Status, g.Owners.Owners, started));
                    Context.Stop(Self);
                });
                Receive<Status.Failure>(f =>
                {
                    _log.Warning("startup summary not written: {0}", f.Cause.Message);
                    Context.Stop(Self);
                });
                Receive<GiveUp>(_ => Context.Stop(Self));
            }

            // The registry is handed the scanner's table before the scanner answers, so a listing asked after it holds that table.
            Receive<ProcessesScanned>(_ =>
            {
                Become(Finishing);
                AskValve();
            });
            Receive<LevelTick>(_ => { });
            Common();
            Context.System.EventStream.Subscribe(Self, typeof(LevelTick));
            scanner.Tell(new ScanProcesses(Self));
        }

        public ITimerScheduler Timers { get; set; } = null!;

        protected override void PreStart() => Timers.StartSingleTimer(nameof(GiveUp), GiveUp.Instance, GiveUpAfter);

        private sealed record GiveUp
        {
            public static GiveUp Instance { get; } = new();
        }

        private sealed record Gathered(ValveStatus Status, OwnerList Owners);
    }
}
