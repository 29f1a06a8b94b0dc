using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Sanctum.Ledger;
using Sanctum.Configuration;

namespace Sanctum.Floor;

/// <summary>
/// <c>sanctum-floor MODE DIR</c>: starts one floor, writes <c>DIR/ready</c> once it is up (the daemon's first heartbeat,
/// for the floors) and idles with a 5 s tick, as the daemon does, until SIGTERM. MODE is one of <see cref="Modes"/>.
/// </summary>
public static class Program
{
    public static readonly string[] Modes = ["runtime", "akka", "hosting", "ledger"];

    /// <summary>The daemon's scheduler wheel (Sanctum.Daemon's RuntimeHosting): the floors wake as often as it does.</summary>
    private const string Scheduler = "akka.scheduler.tick-duration = 250ms";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || !Modes.Contains(args[0]))
        {
            await Console.Error.WriteLineAsync($"usage: sanctum-floor {string.Join('|', Modes)} DIR");
            return 2;
        }

        var ready = Path.Combine(args[1], "ready");
        switch (args[0])
        {
            case "runtime":
                await Runtime(ready);
                break;
            case "akka":
                await BareActorSystem(ready);
                break;
            default:
                await Hosted(ready, args[0] == "ledger" ? args[1] : null);
                break;
        }

        return 0;
    }

    private static async Task Runtime(string ready)
    {
        using var stop = StopOnSigterm();
        await using var tick = new Timer(_ => { }, null, Tick.Every, Tick.Every);
        await File.WriteAllTextAsync(ready, "runtime");
        await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task BareActorSystem(string ready)
    {
        using var stop = StopOnSigterm();
        using var system = ActorSystem.Create("floor", ConfigurationFactory.ParseString(Scheduler));
        await system.ActorOf(Props.Create<Tick>(), "tick").Ask<Tick.Started>(Tick.Started.Instance);
        await File.WriteAllTextAsync(ready, "akka");
        await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        await system.Terminate();
    }

    /// <param name="ledgerDir">Also the ledger, on <c>sanctum.db</c> in this folder, recovered before ready; null: none.</param>
    private static async Task Hosted(string ready, string? ledgerDir)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddAkka("floor", akka =>
        {
            akka.AddHocon(Scheduler, HoconAddMode.Prepend);
            if (ledgerDir is not null)
            {
                var shipped = SanctumConfigLoader.Load(null, new Dictionary<string, string?>()).Options ?? throw new InvalidOperationException("the shipped defaults do not load");
                var db = LedgerSetup.Prepare(shipped.Persistence, ledgerDir);
                akka.AddHocon(LedgerSetup.Hocon(db), HoconAddMode.Prepend);
                akka.WithActors(async (system, _) =>
                {
                    var ledger = system.ActorOf(LedgerSupervisor.Props(LedgerSettings.For(shipped.Valve.Cooldown, db)), "ledger");
                    await ledger.Ask<LedgerState>(GetLedgerState.Instance, TimeSpan.FromSeconds(30));
                });
            }

            akka.WithActors(async (system, _) =>
            {
                await system.ActorOf(Props.Create<Tick>(), "tick").Ask<Tick.Started>(Tick.Started.Instance);
                await File.WriteAllTextAsync(ready, ledgerDir is null ? "hosting" : "ledger");
            });
        });
        await builder.Build().RunAsync();
    }

    private static CancellationTokenSource StopOnSigterm()
    {
        var stop = new CancellationTokenSource();
        System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        return stop;
    }
}

/// <summary>The daemon's idle work reduced to its wake-ups: one timer every tick.</summary>
internal sealed class Tick : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    public sealed record Started
    {
        public static Started Instance { get; } = new();
    }

    private sealed record Due
    {
        public static Due Instance { get; } = new();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public Tick()
    {
        Receive<Started>(started => Sender.Tell(started));
        Receive<Due>(_ => { });
    }

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Due.Instance, Every);
}
