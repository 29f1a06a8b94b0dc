using System.Diagnostics;
using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Sentinel;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Replay;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Os.Tests.Probes;

/// <summary>A probe actor on the real dispatcher, against a listener the test starts and stops.</summary>
public sealed class ProbeActorTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly ITestOutputHelper _output;

    public ProbeActorTests(ITestOutputHelper output)
        : base("akka.loglevel = WARNING", output: output) => _output = output;

    [LinuxFact]
    public void FailuresCountToTheThresholdAndTheRecoveryRunsExactlyOnce()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"sanctum-recovered-{Guid.NewGuid():N}");
        var listener = new LocalListener();
        var port = new TimedProbePort(new RealProbePort(new ProcessCommandRunner()));
        var decisions = CreateTestProbe();
        Sys.EventStream.Subscribe(decisions.Ref, typeof(ProbeDecision));
        Sys.EventStream.Subscribe(decisions.Ref, typeof(RecoveryDecision));
        var probe = Probe.Of(ProbeKind.Tcp, listener.Target, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), [$"echo recovered >> {marker}"]);
        try
        {
            Sys.ActorOf(ProbeActor.Props(probe, port, dryRun: false));

            decisions.ExpectMsg<ProbeDecision>(d => d.Passed, TimeSpan.FromSeconds(5));
            AwaitCondition(() => port.Starts.Count >= 5, TimeSpan.FromSeconds(10));
            Assert.False(File.Exists(marker));

            listener.Dispose();
            foreach (var n in new[] { 1, 2, 3 })
            {
                decisions.ExpectMsg<ProbeDecision>(d => !d.Passed && d.Counted && d.Failures == n && d.Of == 3, TimeSpan.FromSeconds(5));
            }

            var recovery = decisions.ExpectMsg<RecoveryDecision>(TimeSpan.FromSeconds(10));
            Assert.Equal(Outcome.Applied, recovery.Outcome);

            // Still failing, inside the (hour-long) grace: more runs, no second recovery.
            var runs = port.Starts.Count;
            AwaitCondition(() => port.Starts.Count >= runs + 5, TimeSpan.FromSeconds(10));
            Assert.Equal(["recovered"], File.ReadAllLines(marker));
        }
        finally
        {
            listener.Dispose();
            File.Delete(marker);
        }
    }

    [LinuxFact]
    public void AFailureWhileTheLinkedProcessIsUnderALeaseIsNotCounted()
    {
        var listener = new LocalListener();
        listener.Dispose();
        var decisions = CreateTestProbe();
        Sys.EventStream.Subscribe(decisions.Ref, typeof(ProbeDecision));
        var actor = Sys.ActorOf(ProbeActor.Props(Probe.Of(ProbeKind.Tcp, listener.Target, TimeSpan.FromMilliseconds(100)), new RealProbePort(new ProcessCommandRunner()), dryRun: false));
        var until = DateTimeOffset.UtcNow.AddMinutes(30);

        actor.Tell(new LinkedLease(until));

        var first = decisions.ExpectMsg<ProbeDecision>(TimeSpan.FromSeconds(5));
        Assert.False(first.Counted);
        Assert.StartsWith("expected: frozen by valve until", first.Reason);
        actor.Tell(new LinkedLease(null));
        decisions.ExpectMsg<ProbeDecision>(d => d.Counted && d.Failures == 1, TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Not a pass/fail test: prints how far apart the runs of a 200 ms probe really are, quiet and under a
    /// storm of owner requests (freeze/resume to a thousand owners from two threads, 2,000 in flight), as p50/p99 of the
    /// deviation from the period.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ProbePeriodJitter(bool storm)
    {
        const int Intervals = 40;
        using var listener = new LocalListener();
        var port = new TimedProbePort(new RealProbePort(new ProcessCommandRunner()));
        var processes = Enumerable.Range(0, 1_000).Select(i => new ScenarioProcess(20_000 + i, 0, "ollama", $"ollama runner {i}", 2_000, "S", TimeSpan.Zero, null, 2_000)).ToArray();
        var host = new SimulatedHost(new Scenario("storm", TimeSpan.FromHours(1), 65_536, 32_768, processes, [], [], []), () => DateTimeOffset.UtcNow);
        var registry = Sys.ActorOf(ProcessRegistry.Props(
            Sanctum.Policy.Picking.PickerPolicy.Compile([], [], [], []),
            new ArbiterSettings(TimeSpan.FromMilliseconds(1), new Sanctum.Policy.Options.LeaseOptions(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(30), 1_000_000)),
            host));
        registry.Tell(new TableRead(host.Read().Rows, DateTimeOffset.UtcNow));
        // At most a thousand requests in flight per thread: a busy arbiter, not an ever-growing mailbox.
        using var window = new SemaphoreSlim(2_000);
        var sink = Sys.ActorOf(Props.Create(() => new ReplyCounter(window)));
        using var stop = new CancellationTokenSource();
        long requests = 0;
        var storms = storm
            ? Enumerable.Range(0, 2).Select(seed => Task.Run(async () =>
            {
                var random = new Random(seed);
                while (!stop.IsCancellationRequested)
                {
                    var target = new ProcessIdentity(20_000 + random.Next(1_000), 0);
                    OwnerRequest request = random.Next(2) == 0
                        ? new Freeze(Requester.Valve, "storm", PressureLevel.Orange, DryRun: false)
                        : new Resume(Requester.Sentinel, "storm", PressureLevel.Orange, DryRun: false);
                    await window.WaitAsync();
                    registry.Tell(new Route(target, request), sink);
                    Interlocked.Increment(ref requests);
                }
            })).ToArray()
            : [];

        Sys.ActorOf(ProbeActor.Props(Probe.Of(ProbeKind.Tcp, listener.Target, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)), port, dryRun: false));
        AwaitCondition(() => port.Starts.Count > Intervals, TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(storms);

        var starts = port.Starts.Take(Intervals + 1).ToArray();
        var deviations = starts.Zip(starts.Skip(1), (a, b) => Math.Abs(Stopwatch.GetElapsedTime(a, b).TotalMilliseconds - 200)).Order().ToArray();
        _output.WriteLine(
            $"probe period jitter ({(storm ? $"storm of {Interlocked.Read(ref requests):N0} owner requests" : "quiet")}, {Intervals} intervals of 200 ms): " +
            $"p50 {Percentile(deviations, 0.50):0.0} ms, p99 {Percentile(deviations, 0.99):0.0} ms, max {deviations[^1]:0.0} ms");
    }

    private sealed class ReplyCounter : ReceiveActor
    {
        public ReplyCounter(SemaphoreSlim window) => Receive<OwnerReply>(_ => window.Release());
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}
