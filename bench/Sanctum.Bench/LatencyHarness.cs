using System.Diagnostics;
using Akka.Actor;
using Sanctum.Actors.Picking;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Bench;

/// <summary>
/// From the first ORANGE reading to SIGSTOP at the OS port, through the real monitor (its re-read after the
/// scan that a first ORANGE asks for, answered at once here), valve, picker, registry and owner on the default
/// dispatcher. Each trial shows a fresh worst candidate among 500 bystanders to a fresh, calm sampler, waits
/// for every actor to settle, then holds ORANGE, starts the clock and asks for a reading. The clock starts
/// before the monitor reads, so this bounds the latency from above.
/// </summary>
internal static class LatencyHarness
{
    private const int Bystanders = 500;
    private const int Warmup = 100;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public static void Run(bool quick, Metrics metrics)
    {
        var trials = quick ? 1_000 : 2_000;
        var port = new TimestampingPort();
        var pressure = new SteeredPressure();
        var policy = Guard.Policy();
        using var system = ActorSystem.Create("bench-latency", "akka.loglevel = WARNING\nakka.log-dead-letters = off");
        var registry = system.ActorOf(ProcessRegistry.Props(policy, Guard.Arbiter, port), "processes");
        var picker = system.ActorOf(PickerActor.Props(policy), "picker");
        var valve = system.ActorOf(ValveActor.Props(Guard.Options.Valve, dryRun: false, picker, registry, ActorRefs.Nobody), "valve");
        // The scanner's part is an echo: the harness hands the table to the registry and the picker itself.
        var options = Guard.Options.Valve;
        var scanner = system.ActorOf(Props.Create(() => new ScanEcho()), "scanner");
        var bystanders = Enumerable.Range(0, Bystanders)
            .Select(i => new ProcRow(2_000 + i, 1, (50 + i) * 1024L, "S", $"worker-{i % 37}", $"/usr/bin/worker-{i % 37} --serve"))
            .ToArray();

        var latencies = new List<double>(trials);
        for (var trial = 0; trial < Warmup + trials; trial++)
        {
            var target = new ProcRow(100_000 + trial, 1, 8_000 * 1024L, "S", "ollama", $"/usr/local/bin/ollama runner --model m{trial}");
            var table = new TableRead([.. bystanders, target], system.Scheduler.Now);
            registry.Tell(table);
            picker.Tell(table);

            // A fresh sampler each trial: a level just lost is confirmed again only a tick later.
            pressure.Hold(SteeredPressure.Calm);
            var monitor = system.ActorOf(PressureMonitor.Props(pressure, null, options, valve, scanner), $"pressure-{trial}");
            Settle(registry, picker, valve);
            pressure.Hold(SteeredPressure.Orange);
            var start = Stopwatch.GetTimestamp();
            monitor.Tell(SamplePressure.Instance);
            var sentAt = port.AwaitSignal(target.Identity, Patience);
            if (trial >= Warmup)
            {
                latencies.Add(Stopwatch.GetElapsedTime(start, sentAt).TotalMilliseconds);
            }

            system.Stop(monitor);
            AwaitValve(valve, v => v.LastAction?.What == $"{Signal.Stop.ToWire()} {target.Name} (pid {target.Pid})");
        }

        latencies.Sort();
        Console.WriteLine($"level-to-signal over {trials} trials: min {latencies[0]:0.###} ms, max {latencies[^1]:0.###} ms");
        metrics.Add("level-to-signal-p50-ms", Percentile(latencies, 0.50), "ms");
        metrics.Add("level-to-signal-p99-ms", Percentile(latencies, 0.99), "ms");
    }

    /// <summary>Waits until the registry and the picker hold the new table and the valve has seen the fresh sampler's calm reading.</summary>
    private static void Settle(IActorRef registry, IActorRef picker, IActorRef valve)
    {
        registry.Ask<OwnerReply>(new Route(new ProcessIdentity(1, -1), new Resume(Requester.User, "barrier", PressureLevel.Green, DryRun: true)), Patience).Wait();
        picker.Ask<RankedCandidates>(RankCandidates.Instance, Patience).Wait();
        AwaitValve(valve, v => v.Level == PressureLevel.Green && v.Sample?.AvailableMb == SteeredPressure.Calm.AvailableMb);
    }

    private static void AwaitValve(IActorRef valve, Func<ValveStatus, bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition(valve.Ask<ValveStatus>(GetValveStatus.Instance, Patience).Result))
        {
            if (deadline.Elapsed > Patience)
            {
                throw new TimeoutException("the valve did not reach the expected state");
            }
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    /// <summary>Hands out queued samples in order: the monitor reads the port when it handles a tick, not when the tick is sent.</summary>
    private sealed class SteeredPressure : IPressurePort
    {
        public static readonly PressureSample Calm = new(default, 30_000, 1_000, 32_768, 1, 0);
        public static readonly PressureSample Orange = new(default, 3_500, 1_000, 32_768, 1, 0);

        private volatile PressureSample _held = Calm;

        /// <summary>Every reading from now on answers <paramref name="sample"/>.</summary>
        public void Hold(PressureSample sample) => _held = sample;

        public Parsed<PressureSample> Sample(DateTimeOffset now) => Parsed<PressureSample>.Success(_held with { At = now });
    }

    /// <summary>Notes the instant a signal reaches the OS boundary; sends nothing.</summary>
    private sealed class TimestampingPort : ISignalPort
    {
        private readonly SemaphoreSlim _sent = new(0);
        private ProcessIdentity _target;
        private long _at;

        public Delivery Send(ProcessIdentity target, Signal signal)
        {
            _at = Stopwatch.GetTimestamp();
            _target = target;
            _sent.Release();
            return Delivery.Delivered;
        }

        public long AwaitSignal(ProcessIdentity expected, TimeSpan patience)
        {
            if (!_sent.Wait(patience))
            {
                throw new TimeoutException($"no signal reached the port for {expected}");
            }

            return _target == expected ? _at : throw new InvalidOperationException($"signalled {_target}, expected {expected}");
        }
    }

    /// <summary>Answers a scan request at once: the table is already where the valve needs it.</summary>
    private sealed class ScanEcho : ReceiveActor
    {
        public ScanEcho() => Receive<ScanProcesses>(scan => scan.ReplyTo?.Tell(ProcessesScanned.Instance));
    }
}
