using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;
using Sanctum.Os.Linux;

namespace Sanctum.Bench;

/// <summary>Runs <see cref="ScanBenchmarks"/> in process and turns BenchmarkDotNet's means into the two scan lines.</summary>
internal static class ScanHarness
{
    public static void Run(bool quick, Metrics metrics)
    {
        Console.WriteLine($"process set: ps reports {ScanBenchmarks.RunPs().Rows.Count} rows, /proc {new LinuxProcessTable().Read().Rows.Count} (ps counts itself)");

        // In process: no generated project to build, which alone would take most of the --quick budget.
        var job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance);
        if (quick)
        {
            job = job.WithWarmupCount(3).WithIterationCount(8).WithIterationTime(TimeInterval.FromMilliseconds(150));
        }

        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "sanctum-bench-artifacts"));
        var summary = BenchmarkRunner.Run<ScanBenchmarks>(config);

        double MeanNs(string method) => summary.Reports
            .Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)
            .ResultStatistics?.Mean ?? throw new InvalidOperationException($"{method} produced no result");

        metrics.Add("scan-speedup-vs-ps", MeanNs(nameof(ScanBenchmarks.PsAndParse)) / MeanNs(nameof(ScanBenchmarks.ProcScan)), "x");
        metrics.Add("scan-500-synthetic-ms", MeanNs(nameof(ScanBenchmarks.ProcScan500)) / 1e6, "ms");
    }
}
