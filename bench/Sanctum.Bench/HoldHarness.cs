using System.Diagnostics;
using Sanctum.Ledger;
using Sanctum.Policy.Domain;

namespace Sanctum.Bench;

/// <summary>
/// What the write-ahead adds to a freeze: recording a hold (one fsync'd append) beside the same append without
/// the fsync, in the same folder and run, so the ratio shows what durability costs on this disk.
/// </summary>
internal static class HoldHarness
{
    public static void Run(bool quick, Metrics metrics)
    {
        var records = quick ? 40 : 200;
        var dir = Directory.CreateTempSubdirectory("sanctum-bench-holds-").FullName;
        try
        {
            var durable = Percentiles(RecordHolds(dir, records));
            var unsynced = Percentiles(AppendWithoutFsync(Path.Combine(dir, "baseline.log"), records));
            Console.WriteLine($"hold record: p50 {durable[0]:0.00} ms, p95 {durable[1]:0.00} ms; the same append without fsync p50 {unsynced[0]:0.000} ms");
            metrics.Add("freeze-hold-record-ms", durable, "ms", "p50 p95, write + fsync before SIGSTOP");
            metrics.Add("freeze-hold-fsync-ratio", durable[0] / Math.Max(unsynced[0], 1e-6), "x (p50, against the same append without fsync)");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static List<double> RecordHolds(string dir, int records)
    {
        using var holds = HoldFile.Open(dir);
        var at = DateTimeOffset.UtcNow;
        return Time(records, i =>
        {
            if (holds.Record(new ProcessIdentity(100 + i, 1), at) is { } problem)
            {
                throw new InvalidOperationException(problem);
            }

            holds.Release(new ProcessIdentity(100 + i, 1));
        });
    }

    private static List<double> AppendWithoutFsync(string path, int records)
    {
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
        return Time(records, i =>
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes($"hold {100 + i} 1 {DateTimeOffset.UtcNow:O}\n"));
            file.Flush(flushToDisk: false);
        });
    }

    private static List<double> Time(int count, Action<int> step)
    {
        var costs = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            step(i);
            costs.Add(clock.Elapsed.TotalMilliseconds);
        }

        return costs;
    }

    private static double[] Percentiles(List<double> costs)
    {
        costs.Sort();
        return [costs[costs.Count / 2], costs[Math.Min(costs.Count - 1, costs.Count * 95 / 100)]];
    }
}
