using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Configuration;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Root;
using Sanctum.Actors.Sentinel;
using Sanctum.Policy.Decisions;
using Sanctum.Ports;

namespace Sanctum.Replay;

/// <param name="RawRises">Every rise of the raw level, confirmed or not (the first at ORANGE or worse starts <c>first-remedy-ms</c>).</param>
public sealed record ReplayResult(Scenario Scenario, DateTimeOffset Start, IReadOnlyList<Decision> Decisions, SimulatedHost Host, IReadOnlyList<RawLevelRose> RawRises);

/// <summary>
/// Runs the daemon's own actors against a <see cref="SimulatedHost"/> in virtual time, as fast as the CPU
/// allows. Every actor runs on the calling thread (Akka.TestKit's CallingThreadDispatcher) and time only
/// moves when the engine runs the <see cref="VirtualTimeScheduler"/> on, so a replay is deterministic: the
/// same file gives the same decisions, line for line.
/// </summary>
public static class ReplayEngine
{
    private static readonly Config VirtualTime = ConfigurationFactory.ParseString("""
        akka.scheduler.implementation = "Sanctum.Replay.VirtualTimeScheduler, Sanctum.Replay"
        akka.actor.default-dispatcher.type = "Akka.TestKit.CallingThreadDispatcherConfigurator, Akka.TestKit"
        akka.actor.internal-dispatcher.type = "Akka.TestKit.CallingThreadDispatcherConfigurator, Akka.TestKit"
        akka.loglevel = OFF
        akka.stdout-loglevel = OFF
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """);

    /// <summary>
    /// Every replay starts at this instant, so absolute times in reasons are the same on every run and read
    /// as the scenario's own clock (00:30:05 is 30 min 5 s in).
    /// </summary>
    public static readonly DateTimeOffset Epoch = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The sentinel probes the scenario's <c>probes</c>, linked by pid; the configuration's real probes have no host to reach here.</summary>
    public static ReplayResult Run(Scenario scenario, GuardSettings settings)
    {
        settings = settings with { Probes = [.. scenario.Probes.Select(p => new SentinelProbe(p.Probe, p.Pid))] };
        using var system = ActorSystem.Create("sanctum-replay", VirtualTime);
        var scheduler = (VirtualTimeScheduler)system.Scheduler;
        scheduler.Start(Epoch);
        var start = scheduler.Now;
        var host = new SimulatedHost(scenario, () => scheduler.Now);
        var decisions = new ConcurrentQueue<Decision>();
        var rises = new ConcurrentQueue<RawLevelRose>();
        var recorder = system.ActorOf(Props.Create(() => new Recorder(decisions.Enqueue, rises.Enqueue)), "recorder");
        system.EventStream.Subscribe(recorder, typeof(Decision));
        system.EventStream.Subscribe(recorder, typeof(RawLevelRose));

        system.ActorOf(SanctumSupervisor.Props(settings, new HostPorts(host, host, host, host, host)), SanctumSupervisor.Name);
        scheduler.RunUntil(start + scenario.Duration);

        var result = new ReplayResult(scenario, start, decisions.ToArray(), host, rises.ToArray());
        system.Terminate().Wait(TimeSpan.FromSeconds(10));
        return result;
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(Action<Decision> decision, Action<RawLevelRose> rise)
        {
            Receive<Decision>(decision);
            Receive<RawLevelRose>(rise);
        }
    }
}
