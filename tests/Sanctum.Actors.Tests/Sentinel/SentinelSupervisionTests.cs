using Akka.Actor;
using Akka.TestKit;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Sentinel;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Actors.Tests.Sentinel;

/// <summary>
/// A sentinel or a probe that throws is restarted with what it knew: a person's disarm, the probe's failure count,
/// the valve's leases. Deferrals logged are forgotten once their lease has ended, so the set cannot grow without end.
/// </summary>
public sealed class SentinelSupervisionTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan ScanEvery = TimeSpan.FromSeconds(2);
    private static readonly ProbeOptions Probe = new("svc", null, ProbeKind.Tcp, "127.0.0.1:9", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 3, ["true"], TimeSpan.FromHours(1), null, 3);
    private static readonly ProcRow Stopped = new(4242, 77, 100_000, "T", "postgres", "postgres -D /data");
    private static readonly PickerPolicy Policy = PickerPolicy.Compile([], [], ["^postgres$"], []);

    private readonly TestProbe _registry;
    private readonly TestProbe _decisions;

    public SentinelSupervisionTests()
        : base(VirtualTime.Config)
    {
        _registry = CreateTestProbe();
        _decisions = CreateTestProbe();
        Sys.EventStream.Subscribe(_decisions.Ref, typeof(ProbeDecision));
        Sys.EventStream.Subscribe(_decisions.Ref, typeof(RecoveryDecision));
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void ARestartedSentinelResumesCriticalsInTheModeAPersonSet()
    {
        var arming = new GuardArming(dryRun: false);
        var sentinel = Sentinel(arming, new FailingPort());
        arming.Set(new ArmingDecision(Clock.Now, true, Requester.User));

        EventFilter.Exception<Exception>().ExpectOne(() => sentinel.Tell(new TableRead(null!, Clock.Now)));
        sentinel.Tell(new TableRead([Stopped], Clock.Now));
        Clock.Advance(ScanEvery);

        var route = _registry.ExpectMsg<Route>();
        Assert.Equal((Stopped.Identity, true), (route.Target, ((Resume)route.Request).DryRun));
    }

    [Fact]
    public void AProbeThatThrowsKeepsCountingItsFailuresAndRecoversOnce()
    {
        var port = new FailingPort(throwOnRun: 2);
        var sentinel = Sentinel(new GuardArming(dryRun: true), port);

        Tick();
        Assert.Equal(1, _decisions.ExpectMsg<ProbeDecision>().Failures);
        EventFilter.Exception<InvalidOperationException>().ExpectOne(Tick);
        ProbeStarted(sentinel);
        Tick();
        Assert.Equal(2, _decisions.ExpectMsg<ProbeDecision>().Failures);
        Tick();
        Assert.Equal(3, _decisions.ExpectMsg<ProbeDecision>().Failures);
        Assert.Equal(Outcome.DryRun, _decisions.ExpectMsg<RecoveryDecision>().Outcome);
    }

    [Fact]
    public void ARestartedSentinelKeepsTheProbesFailureCount()
    {
        var sentinel = Sentinel(new GuardArming(dryRun: true), new FailingPort());

        Tick();
        Assert.Equal(1, _decisions.ExpectMsg<ProbeDecision>().Failures);
        EventFilter.Exception<Exception>().ExpectOne(() => sentinel.Tell(new TableRead(null!, Clock.Now)));
        ProbeStarted(sentinel);
        Tick();
        Assert.Equal(2, _decisions.ExpectMsg<ProbeDecision>().Failures);
    }

    [Fact]
    public void DeferralsAreLoggedOncePerLeaseAndForgottenWhenItEnds()
    {
        var memory = new SentinelMemory(0);
        var now = DateTimeOffset.UnixEpoch;
        var target = new ProcessIdentity(10, 1);

        Assert.True(memory.FirstDeferral(target, now.AddMinutes(1), now));
        Assert.False(memory.FirstDeferral(target, now.AddMinutes(1), now));
        for (var pid = 0; pid < 10_000; pid++)
        {
            memory.FirstDeferral(new ProcessIdentity(pid + 100, 1), now.AddMinutes(1), now.AddSeconds(pid % 30));
        }

        Assert.InRange(memory.DeferralsLogged.Count, 1, SentinelMemory.MaxDeferralsLogged);
        memory.FirstDeferral(target, now.AddMinutes(3), now.AddMinutes(2));
        Assert.Single(memory.DeferralsLogged);
    }

    private IActorRef Sentinel(GuardArming arming, IProbePort port)
    {
        var sentinel = Sys.ActorOf(SentinelActor.Props(Policy, ScanEvery, arming, _registry.Ref, [new SentinelProbe(Probe)], port, new SentinelMemory(1)));
        ProbeStarted(sentinel);
        return sentinel;
    }

    /// <summary>A probe answers once it has started, so its timer is set before the test moves the clock.</summary>
    private void ProbeStarted(IActorRef sentinel) =>
        AwaitAssert(() => Assert.NotNull(Sys.ActorSelection(sentinel.Path / "probe-0").Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(1)).Result.Subject));

    private void Tick() => Clock.Advance(Probe.Every);

    /// <summary>Every run fails; the <c>throwOnRun</c>-th throws instead of returning (a port with a bug).</summary>
    private sealed class FailingPort(int throwOnRun = 0) : IProbePort
    {
        private int _runs;

        public Task<ProbeResult> RunAsync(ProbeOptions probe, CancellationToken cancel) =>
            ++_runs == throwOnRun ? throw new InvalidOperationException("probe port bug") : Task.FromResult(new ProbeResult(false, "connection refused"));

        public Task<ProbeResult> RunCommandAsync(string command, TimeSpan timeout) => Task.FromResult(new ProbeResult(true, "ok"));
    }
}
