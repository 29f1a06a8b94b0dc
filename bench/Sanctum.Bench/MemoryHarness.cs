using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Bench;

/// <summary>
/// Heap held by idle owners: the registry is given a table of 10 000 rows (made before the baseline, so the
/// rows themselves are not counted), every owner answers once so all exist, then a full collection.
/// </summary>
internal static class MemoryHarness
{
    private const int Owners = 10_000;

    public static void Run(Metrics metrics)
    {
        var rows = Enumerable.Range(0, Owners)
            .Select(i => new ProcRow(10_000 + i, 1, (100 + i) * 1024L, "S", $"worker-{i % 37}", $"/usr/bin/worker-{i % 37} --serve --port {8_000 + i}"))
            .ToArray();
        using var system = ActorSystem.Create("bench-memory", "akka.loglevel = WARNING\nakka.log-dead-letters = off");
        var registry = system.ActorOf(ProcessRegistry.Props(Guard.Policy(), Guard.Arbiter, new NoSignals()), "processes");
        registry.Ask<OwnerList>(new ListOwners(true), TimeSpan.FromSeconds(30)).Wait();

        var heldBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        registry.Tell(new TableRead(rows, system.Scheduler.Now));
        var answered = registry.Ask<OwnerList>(new ListOwners(true), TimeSpan.FromMinutes(1)).Result.Owners.Count;
        if (answered != Owners)
        {
            throw new InvalidOperationException($"{answered} owners answered, expected {Owners}");
        }

        // The snapshot collector stops itself after answering; give it that moment before measuring.
        Thread.Sleep(200);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var held = GC.GetTotalMemory(forceFullCollection: true) - heldBefore;
        GC.KeepAlive(rows);
        GC.KeepAlive(registry);

        Console.WriteLine($"memory: {held / 1024.0 / 1024.0:0.0} MB held, {allocated / 1024.0 / 1024.0:0.0} MB allocated for {Owners:N0} owners " +
                          $"({allocated / Owners:N0} B allocated per owner, including the snapshot round)");
        metrics.Add("memory-per-process-actor-bytes", (double)held / Owners);
    }

    private sealed class NoSignals : ISignalPort
    {
        public Delivery Send(ProcessIdentity target, Signal signal) => Delivery.Delivered;
    }
}
