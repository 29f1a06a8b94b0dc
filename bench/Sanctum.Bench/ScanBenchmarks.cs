using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Sanctum.Os.Linux;
using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Bench;

/// <summary>
/// One read of the process table. "machine": this host's table through procfs against the original's way
/// (fork <c>ps</c>, parse with <see cref="MacPsParser"/>; GNU ps accepts the same format). "synthetic": 500
/// processes in a temp tree. Each reader is kept across invocations, as the daemon keeps it across ticks.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
[MemoryDiagnoser]
public class ScanBenchmarks
{
    public const int SyntheticProcesses = 500;

    private static readonly ProcessStartInfo Ps = PsStartInfo();

    private SyntheticProc? _synthetic;
    private LinuxProcessTable _machine = null!;
    private LinuxProcessTable _syntheticTable = null!;

    [GlobalSetup]
    public void Setup()
    {
        _synthetic = new SyntheticProc(SyntheticProcesses);
        _machine = new LinuxProcessTable();
        _syntheticTable = new LinuxProcessTable(_synthetic.Root);
    }

    [GlobalCleanup]
    public void Cleanup() => _synthetic?.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("machine")]
    public ParsedTable<ProcRow> PsAndParse() => RunPs();

    [Benchmark]
    [BenchmarkCategory("machine")]
    public ParsedTable<ProcRow> ProcScan() => _machine.Read();

    [Benchmark]
    [BenchmarkCategory("synthetic")]
    public ParsedTable<ProcRow> ProcScan500() => _syntheticTable.Read();

    public static ParsedTable<ProcRow> RunPs()
    {
        using var ps = Process.Start(Ps) ?? throw new InvalidOperationException("ps did not start");
        var output = ps.StandardOutput.ReadToEnd();
        ps.WaitForExit();
        return MacPsParser.Parse(output);
    }

    private static ProcessStartInfo PsStartInfo()
    {
        var info = new ProcessStartInfo("ps") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-axo");
        info.ArgumentList.Add("pid=,rss=,state=,comm=,command=");
        return info;
    }
}
