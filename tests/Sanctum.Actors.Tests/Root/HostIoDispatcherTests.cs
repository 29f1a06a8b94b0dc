using Akka.Actor;
using Akka.Configuration;
using Sanctum.Actors.Root;
using Sanctum.Actors.Valve;
using Sanctum.Configuration;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Actors.Tests.Root;

/// <summary>
/// The daemon's <see cref="HostIoDispatcher"/> configuration, under a default dispatcher of one thread: the children
/// that run host commands are deployed on it, and a process table that hangs leaves the valve answering.
/// </summary>
public sealed class HostIoDispatcherTests : Akka.TestKit.Xunit2.TestKit
{
    private const string OneDefaultThread = """
        akka.actor.default-dispatcher {
          executor = fork-join-executor
          fork-join-executor { parallelism-min = 1, parallelism-factor = 1.0, parallelism-max = 1 }
        }
        """;

    private static readonly GuardSettings Settings =
        GuardSettings.From(SanctumConfigLoader.LoadOverrides(null, new Dictionary<string, string?>()).Options!, []);

    private readonly HangingHost _host = new();

    public HostIoDispatcherTests()
        : base(ConfigurationFactory.ParseString(HostIoDispatcher.Hocon(pressureForks: true) + OneDefaultThread))
    {
    }

    [Fact]
    public async Task ChildrenThatRunHostCommandsAreOnTheHostIoDispatcherAndTheRestOnTheDefault()
    {
        _host.Release();
        var guard = await StartGuard(Sys, _host);
        // The registry builds its service actors in its constructor, which runs after the root handed it over.
        IActorRef? service = null;
        await AwaitAssertAsync(async () => service = await Sys.ActorSelection(guard.Services.Path / Uri.EscapeDataString(Settings.Valve.Shed.Tier3[0])).ResolveOne(TimeSpan.FromSeconds(1)));

        Assert.All(new[] { guard.Scanner, guard.Services, service!, guard.Pressure }, a => Assert.Equal(HostIoDispatcher.Id, DispatcherOf(a)));
        Assert.All(new[] { guard.Valve, guard.Picker, guard.Processes, guard.Sentinel }, a => Assert.Equal("akka.actor.default-dispatcher", DispatcherOf(a)));
    }

    [Fact]
    public async Task AHangingProcessTableLeavesTheValveAnswering()
    {
        var guard = await StartGuard(Sys, _host);
        Assert.True(_host.Reading.Wait(TimeSpan.FromSeconds(5)), "the scanner never read the table");

        var status = await guard.Valve.Ask<ValveStatus>(GetValveStatus.Instance, TimeSpan.FromSeconds(3));

        Assert.Equal(PressureLevel.Green, status.Level);
    }

    /// <summary>Why the dispatcher is needed: the same hang with the scanner on the one default thread silences the valve.</summary>
    [Fact]
    public async Task WithoutTheHostIoDispatcherTheSameHangStallsTheValve()
    {
        using var plain = ActorSystem.Create("no-host-io", ConfigurationFactory.ParseString(OneDefaultThread));
        var guard = await StartGuard(plain, _host);
        Assert.True(_host.Reading.Wait(TimeSpan.FromSeconds(5)), "the scanner never read the table");

        await Assert.ThrowsAsync<AskTimeoutException>(() => guard.Valve.Ask<ValveStatus>(GetValveStatus.Instance, TimeSpan.FromSeconds(1)));

        _host.Release();
        await plain.Terminate();
    }

    protected override void Dispose(bool disposing)
    {
        _host.Release();
        base.Dispose(disposing);
    }

    private static async Task<GuardActors> StartGuard(ActorSystem system, HangingHost host)
    {
        var started = new TaskCompletionSource<GuardActors>(TaskCreationOptions.RunContinuationsAsynchronously);
        system.ActorOf(SanctumSupervisor.Props(Settings, new HostPorts(host, host, host, host, host), started.SetResult), SanctumSupervisor.Name);
        return await started.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static string DispatcherOf(IActorRef actor) => ((ActorCell)((LocalActorRef)actor).Cell).Dispatcher.Id;

    /// <summary>A host whose process table blocks until released, as <c>ps</c> does when it hangs; every other port answers at once.</summary>
    private sealed class HangingHost : IProcessTablePort, IPressurePort, ISignalPort, IServicePort, IProbePort
    {
        private readonly ManualResetEventSlim _released = new();

        public ManualResetEventSlim Reading { get; } = new();

        public void Release() => _released.Set();

        public ParsedTable<ProcRow> Read()
        {
            Reading.Set();
            _released.Wait();
            return new ParsedTable<ProcRow>([], []);
        }

        public Parsed<PressureSample> Sample(DateTimeOffset now) => Parsed<PressureSample>.Success(new PressureSample(now, 64_000, 0, 0, 0, 0));

        public Delivery Send(ProcessIdentity target, Signal signal) => Delivery.Failed;

        public Task<Delivery> StopAsync(string label) => Task.FromResult(Delivery.Gone);

        public Task<ServiceStatus> StatusAsync(string label) => Task.FromResult(new ServiceStatus(false, null));

        public Task<ProbeResult> RunAsync(ProbeOptions probe, CancellationToken cancel) => Task.FromResult(new ProbeResult(true, "fake"));

        public Task<ProbeResult> RunCommandAsync(string command, TimeSpan timeout) => Task.FromResult(new ProbeResult(true, "fake"));
    }
}
