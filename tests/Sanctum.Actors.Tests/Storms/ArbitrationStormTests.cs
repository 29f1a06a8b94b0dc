using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Tests.Processes;
using Sanctum.Configuration;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Picking;
using Sanctum.Replay;
using Xunit;
using Xunit.Abstractions;
using Kill = Sanctum.Policy.Arbitration.Kill;

namespace Sanctum.Actors.Tests.Storms;

/// <summary>
/// A seeded storm of interleaved Freeze/Resume/Kill requests from valve, sentinel and user against a
/// thousand owners, with flapping pressure, rescans and virtual time moving underneath; then the fight
/// invariants over everything that reached the (simulated) OS.
/// </summary>
public sealed class ArbitrationStormTests : Akka.TestKit.Xunit2.TestKit
{
    private const int Processes = 1_000;
    private const int Requests = 100_000;
    private static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(120);

    public ArbitrationStormTests(ITestOutputHelper output)
        : base(VirtualTime.Config + "\nakka.loglevel = WARNING", output: output)
    {
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Theory]
    [InlineData(42)]
    [InlineData(20260426)]
    public void NoFightSurvivesAStormOfAHundredThousandRequests(int seed)
    {
        var random = new Random(seed);
        var options = SanctumConfigLoader.LoadOverrides(null, new Dictionary<string, string?>()).Options!;
        var processes = Enumerable.Range(0, Processes).Select(i => random.Next(20) switch
        {
            0 => SimulatedHosts.Process(10_000 + i, "sshd", command: $"sshd: user{i}@pts/{i}"),
            1 or 2 => SimulatedHosts.Process(10_000 + i, "qemu-system-x86_64", 9_000, random.Next(5) == 0 ? "T" : "S", $"qemu-system-x86_64 -m 9000 -name vm{i}"),
            _ => SimulatedHosts.Process(10_000 + i, "ollama", random.Next(2_000, 12_000), random.Next(10) == 0 ? "T" : "S", $"ollama runner --model m{i}"),
        }).ToArray();
        var host = SimulatedHosts.With(() => Clock.Now, processes);
        var signals = new RecordingSignals(host, () => Clock.Now);
        var policy = PickerPolicy.Compile(options.Valve.Allowlist, options.Valve.Denylist, options.Sentinel.Criticals, []);
        var registry = Sys.ActorOf(ProcessRegistry.Props(policy, new ArbiterSettings(Cooldown, options.Valve.Lease), signals), "processes");
        var decisions = new ConcurrentQueue<SignalDecision>();
        var recorder = Sys.ActorOf(Props.Create(() => new Recorder(decisions)));
        Sys.EventStream.Subscribe(recorder, typeof(SignalDecision));
        var replies = CreateTestProbe();

        registry.Tell(new TableRead(host.Read().Rows, Clock.Now));
        var level = PressureLevel.Orange;
        for (var i = 0; i < Requests; i++)
        {
            var target = processes[random.Next(Processes)];
            var id = new ProcessIdentity(target.Pid, target.Start);
            var stormLevel = random.Next(2) == 0 ? PressureLevel.Orange : PressureLevel.Red;
            OwnerRequest request = random.Next(1_000) switch
            {
                < 450 => new Freeze(Requester.Valve, "storm", stormLevel, DryRun: false),
                < 850 => new Resume(Requester.Sentinel, "storm", level, DryRun: false),
                < 995 => new Resume(Requester.User, "storm", level, DryRun: false),
                _ => new Kill(Requester.Valve, "storm", stormLevel, DryRun: false),
            };
            registry.Tell(new Route(id, request), replies.Ref);

            if (i % 1_000 == 999)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
            }

            if (i % 7_919 == 7_918)
            {
                var next = level == PressureLevel.Orange ? PressureLevel.Green : PressureLevel.Orange;
                Sys.EventStream.Publish(new LevelTick(Clock.Now, next));
                level = next;
            }

            if (i % 5_000 == 4_999)
            {
                registry.Tell(new TableRead(host.Read().Rows, Clock.Now));
            }
        }

        var answered = replies.ReceiveN(Requests, TimeSpan.FromSeconds(60));

        Assert.Equal(Requests, answered.Count);
        Assert.All(answered, a => Assert.IsAssignableFrom<OwnerReply>(a));
        AssertNoFight(processes, policy, signals, decisions);
    }

    private static void AssertNoFight(IReadOnlyList<ScenarioProcess> processes, PickerPolicy policy, RecordingSignals signals, IEnumerable<SignalDecision> decisions)
    {
        var denied = processes.Where(p => Picker.IsDenied(new ProcRow(p.Pid, p.Start, 0, p.State, p.Name, p.Command), policy))
            .Select(p => new ProcessIdentity(p.Pid, p.Start)).ToHashSet();
        var sent = signals.Sent.ToArray();

        Assert.NotEmpty(denied);
        Assert.True(sent.Length > 1_000, $"only {sent.Length} signals reached the OS");
        Assert.DoesNotContain(sent, s => denied.Contains(s.Target));
        Assert.DoesNotContain(sent, s => s.Signal == Signal.Stop && s.StateBefore == "T");
        Assert.Equal(0, signals.Overlaps);

        foreach (var trail in decisions.Where(d => d.Outcome == Outcome.Applied).GroupBy(d => d.Target))
        {
            SignalDecision? previous = null;
            foreach (var d in trail.OrderBy(d => d.At))
            {
                if (previous is { Signal: Signal.Stop, By: Requester.Valve } && d.Signal == Signal.Continue)
                {
                    Assert.True(d.By is Requester.Lease or Requester.User, $"{d.Target}: a valve freeze was undone by {d.By}");
                }

                if (previous is { Signal: Signal.Continue, By: Requester.Lease or Requester.User } && d.Signal == Signal.Stop)
                {
                    Assert.True(d.At - previous.At >= Cooldown, $"{d.Target}: refrozen {(d.At - previous.At).TotalSeconds}s after a thaw");
                }

                previous = d;
            }
        }
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<SignalDecision> into) => Receive<SignalDecision>(into.Enqueue);
    }
}
