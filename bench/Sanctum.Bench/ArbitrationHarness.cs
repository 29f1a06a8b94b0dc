using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Classification;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Picking;
using Sanctum.Ports;
using Kill = Sanctum.Policy.Arbitration.Kill;

namespace Sanctum.Bench;

/// <summary>
/// A seeded Freeze/Resume/Kill storm (the mix of ArbitrationStormTests) routed through the registry to ten
/// thousand owners on the real default dispatcher and the real clock, with flapping levels and rescans;
/// timed from the first request sent to the last reply received, then the fight invariants are checked.
/// </summary>
internal static class ArbitrationHarness
{
    private const int Owners = 10_000;

    public static void Run(bool quick, Metrics metrics)
    {
        var requests = quick ? 300_000 : 1_000_000;
        var best = 0.0;
        for (var run = 0; run < 3; run++)
        {
            var rate = Storm(42 + run, requests);
            Console.WriteLine($"arbitration run {run + 1}: {requests:N0} requests over {Owners:N0} owners, {rate:N0} requests/s");
            best = Math.Max(best, rate);
        }

        metrics.Add("arbitration-msgs-per-s", best);
    }

    private static double Storm(int seed, int requests)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, Owners).Select(i => random.Next(20) switch
        {
            0 => new ProcRow(10_000 + i, 1, 8_192, "S", "sshd", $"sshd: user{i}@pts/{i}"),
            1 or 2 => new ProcRow(10_000 + i, 1, 9_000 * 1024, random.Next(5) == 0 ? "T" : "S", "qemu-system-x86_64", $"qemu-system-x86_64 -m 9000 -name vm{i}"),
            _ => new ProcRow(10_000 + i, 1, random.Next(2_000, 12_000) * 1024L, random.Next(10) == 0 ? "T" : "S", "ollama", $"ollama runner --model m{i}"),
        }).ToArray();
        var routes = Enumerable.Range(0, requests).Select(_ =>
        {
            var level = random.Next(2) == 0 ? PressureLevel.Orange : PressureLevel.Red;
            OwnerRequest request = random.Next(1_000) switch
            {
                < 450 => new Freeze(Requester.Valve, "storm", level, DryRun: false),
                < 850 => new Resume(Requester.Sentinel, "storm", level, DryRun: false),
                < 995 => new Resume(Requester.User, "storm", level, DryRun: false),
                _ => new Kill(Requester.Valve, "storm", level, DryRun: false),
            };
            return new Route(rows[random.Next(Owners)].Identity, request);
        }).ToArray();

        var policy = Guard.Policy();
        var port = new StormPort(rows, policy);
        var tally = new ReplyTally(requests);
        using var system = ActorSystem.Create("bench-arbitration", "akka.loglevel = WARNING\nakka.log-dead-letters = off");
        var registry = system.ActorOf(ProcessRegistry.Props(policy, Guard.Arbiter, port), "processes");
        var sink = system.ActorOf(Props.Create(() => new ReplySink(tally)), "replies");
        registry.Tell(new TableRead(rows, system.Scheduler.Now));
        // Every owner answers before the clock starts, so the storm does not pay for their creation.
        var ready = registry.Ask<OwnerList>(new ListOwners(true), TimeSpan.FromMinutes(1)).Result;
        if (ready.Owners.Count != Owners)
        {
            throw new InvalidOperationException($"{ready.Owners.Count} owners answered, expected {Owners}");
        }

        var level = PressureLevel.Orange;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < routes.Length; i++)
        {
            registry.Tell(routes[i], sink);
            if (i % 7_919 == 7_918)
            {
                var next = level == PressureLevel.Orange ? PressureLevel.Green : PressureLevel.Orange;
                var now = system.Scheduler.Now;
                system.EventStream.Publish(new LevelChanged(now, level, next, new PressureClassification(next, next, next, 0, false), new PressureSample(now, 4_000, 0, 32_768, 1, 0)));
                level = next;
            }

            if (i % 50_000 == 49_999)
            {
                registry.Tell(new TableRead(port.Read(), system.Scheduler.Now));
            }
        }

        if (!tally.Done.Wait(TimeSpan.FromMinutes(2)))
        {
            throw new InvalidOperationException($"only {tally.Replies} of {requests} requests were answered");
        }

        clock.Stop();
        port.AssertNoFight(tally);
        return requests / clock.Elapsed.TotalSeconds;
    }

    private sealed class ReplyTally(int expected)
    {
        private int _replies;
        private int _strays;

        public ManualResetEventSlim Done { get; } = new();

        public int Replies => Volatile.Read(ref _replies);

        public int Strays => Volatile.Read(ref _strays);

        public void Count(object message)
        {
            if (message is not OwnerReply)
            {
                Interlocked.Increment(ref _strays);
            }
            else if (Interlocked.Increment(ref _replies) == expected)
            {
                Done.Set();
            }
        }
    }

    private sealed class ReplySink : UntypedActor
    {
        private readonly ReplyTally _tally;

        public ReplySink(ReplyTally tally) => _tally = tally;

        protected override void OnReceive(object message) => _tally.Count(message);
    }

    /// <summary>The OS as the storm sees it: each identity's state, and every breach of the fight invariants.</summary>
    private sealed class StormPort : ISignalPort
    {
        private const string Gone = "gone";

        private readonly ProcRow[] _rows;
        private readonly HashSet<ProcessIdentity> _denied;
        private readonly ConcurrentDictionary<ProcessIdentity, string> _states;
        private int _sent;
        private int _stopsToStopped;
        private int _deniedSignalled;

        public StormPort(ProcRow[] rows, PickerPolicy policy)
        {
            _rows = rows;
            _denied = rows.Where(r => Picker.IsDenied(r, policy)).Select(r => r.Identity).ToHashSet();
            _states = new ConcurrentDictionary<ProcessIdentity, string>(rows.Select(r => KeyValuePair.Create(r.Identity, r.State)));
        }

        public Delivery Send(ProcessIdentity target, Signal signal)
        {
            Interlocked.Increment(ref _sent);
            if (_denied.Contains(target))
            {
                Interlocked.Increment(ref _deniedSignalled);
            }

            var before = _states[target];
            if (before == Gone)
            {
                return Delivery.Gone;
            }

            if (signal == Signal.Stop && before == "T")
            {
                Interlocked.Increment(ref _stopsToStopped);
            }

            _states[target] = signal switch
            {
                Signal.Stop => "T",
                Signal.Continue => "S",
                _ => Gone,
            };
            return Delivery.Delivered;
        }

        /// <summary>A rescan: the live processes with their current states.</summary>
        public ProcRow[] Read() => _rows
            .Select(r => (Row: r, State: _states[r.Identity]))
            .Where(s => s.State != Gone)
            .Select(s => s.Row with { State = s.State })
            .ToArray();

        public void AssertNoFight(ReplyTally tally)
        {
            var breaches = new List<string>();
            if (tally.Strays > 0)
            {
                breaches.Add($"{tally.Strays} replies were not OwnerReply");
            }

            if (_sent < 1_000)
            {
                breaches.Add($"only {_sent} signals reached the OS");
            }

            if (_stopsToStopped > 0)
            {
                breaches.Add($"{_stopsToStopped} SIGSTOPs to a stopped process");
            }

            if (_deniedSignalled > 0)
            {
                breaches.Add($"{_deniedSignalled} signals to denylisted identities");
            }

            if (breaches.Count > 0)
            {
                throw new InvalidOperationException("fight invariants broken: " + string.Join("; ", breaches));
            }

            Console.WriteLine($"  invariants hold: every request answered, {_sent:N0} signals sent, none to a stopped process (STOP) or a denylisted identity");
        }
    }
}
