using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Sanctum.Bench;

/// <summary>
/// The built daemon, idle: started with a temp data dir (dry-run, the shipped 5 s tick), given a few seconds to
/// start, then watched for the window; once with .NET's default runtime settings (the baseline) and once with
/// those it ships with. CPU% is its utime+stime over the window from <c>/proc/&lt;pid&gt;/stat</c>; RSS is VmRSS
/// from <c>/proc/&lt;pid&gt;/status</c> at the end. Stopped with SIGTERM, as systemd would.
/// </summary>
internal static class DaemonHarness
{
    private const int SIGTERM = 15;
    private const int SC_CLK_TCK = 2;

    /// <summary>
    /// The .NET defaults of the runtime settings the daemon's project changes (<c>Sanctum.Daemon.csproj</c>). The
    /// environment overrides runtimeconfig.json, so the same build runs once as shipped and once as a plain app.
    /// </summary>
    private static readonly Dictionary<string, string> RuntimeDefaults = new()
    {
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "70",
        ["DOTNET_TieredPGO"] = "1",
        ["DOTNET_gcConcurrent"] = "1",
    };

    public static void Run(string daemonDll, bool quick, Metrics metrics)
    {
        if (!File.Exists(daemonDll))
        {
            Console.Error.WriteLine($"daemon: {daemonDll} not found; no daemon figures");
            return;
        }

        // daemon-idle-cpu-percent always comes from at least 60 s, --quick too (CPU ticks are 10 ms, and a short
        // window after a short warm-up still holds the start's tail); the baseline gets the same window.
        var warmUp = TimeSpan.FromSeconds(quick ? 5 : 20);
        var window = TimeSpan.FromSeconds(quick ? 60 : 120);
        if (Measure("runtime defaults", daemonDll, warmUp, window, RuntimeDefaults) is not { } baseline
            || Measure("as shipped", daemonDll, warmUp, window, new Dictionary<string, string>()) is not { } shipped)
        {
            return;
        }

        metrics.Add("daemon-idle-rss-mb", shipped.RssMb, "MB");
        if (shipped.PrivateMb is { } unreclaimable)
        {
            metrics.Add("daemon-idle-private-mb", unreclaimable, "MB");
        }

        metrics.Add("daemon-idle-cpu-percent", shipped.CpuPercent, "%");
        metrics.Add("daemon-idle-cpu-vs-runtime-defaults", shipped.CpuPercent / baseline.CpuPercent, "x");
    }

    private static Idle? Measure(string label, string daemonDll, TimeSpan warmUp, TimeSpan window, Dictionary<string, string> environment)
    {
        var dataDir = Directory.CreateTempSubdirectory("sanctum-bench-daemon-").FullName;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { daemonDll, "--data-dir", dataDir, "--socket", Path.Combine(dataDir, "sanctum.sock") })
        {
            info.ArgumentList.Add(arg);
        }

        // The daemon must see the shipped defaults, not an override left in this shell.
        foreach (var variable in new[] { "PRESSURE_VALVE_TICK", "PRESSURE_VALVE_DEBOUNCE", "PRESSURE_VALVE_COOLDOWN", "PRESSURE_VALVE_DRY_RUN" })
        {
            info.Environment.Remove(variable);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var daemon = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new List<string>();
        daemon.OutputDataReceived += (_, e) => Remember(output, e.Data);
        daemon.ErrorDataReceived += (_, e) => Remember(output, e.Data);
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        try
        {
            if (daemon.WaitForExit(warmUp) || CpuTicks(daemon.Id) is not { } ticksBefore)
            {
                Exited(daemon, output);
                return null;
            }

            var clock = Stopwatch.StartNew();
            if (daemon.WaitForExit(window))
            {
                Exited(daemon, output);
                return null;
            }

            var ticksAfter = CpuTicks(daemon.Id);
            var rssKb = StatusKb(daemon.Id, "VmRSS");

            // What the kernel cannot drop under pressure: anonymous pages plus shared memory (with W^X on, the JIT's
            // code is double-mapped through a memfd and counts there). The rest of VmRSS is the assemblies' file pages.
            var privateKb = StatusKb(daemon.Id, "RssAnon") + StatusKb(daemon.Id, "RssShmem");
            clock.Stop();
            if (ticksAfter is null || rssKb is null)
            {
                Exited(daemon, output);
                return null;
            }

            var cpuSeconds = (double)(ticksAfter.Value - ticksBefore) / sysconf(SC_CLK_TCK);
            var idle = new Idle(100 * cpuSeconds / clock.Elapsed.TotalSeconds, rssKb.Value / 1024.0, privateKb / 1024.0);
            Console.WriteLine($"daemon ({label}): idle {clock.Elapsed.TotalSeconds:0} s after a {warmUp.TotalSeconds:0} s start, {cpuSeconds:0.00} s CPU ({idle.CpuPercent:0.00} %), RSS {idle.RssMb:0} MB, private {idle.PrivateMb:0} MB");
            return idle;
        }
        finally
        {
            Stop(daemon);
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private sealed record Idle(double CpuPercent, double RssMb, double? PrivateMb);

    private static void Remember(List<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }
    }

    private static void Exited(Process daemon, List<string> output)
    {
        daemon.WaitForExit();
        Console.Error.WriteLine($"daemon: exited with code {daemon.ExitCode} before the idle window ended; no daemon figures. Its output:");
        lock (output)
        {
            foreach (var line in output.TakeLast(20))
            {
                Console.Error.WriteLine("  " + line);
            }
        }
    }

    private static void Stop(Process daemon)
    {
        if (daemon.HasExited)
        {
            return;
        }

        _ = kill(daemon.Id, SIGTERM);
        if (!daemon.WaitForExit(TimeSpan.FromSeconds(25)))
        {
            Console.Error.WriteLine("daemon: still running 25 s after SIGTERM; killed");
            daemon.Kill();
        }
    }

    /// <summary>utime + stime, in clock ticks: fields 14 and 15, counted after the parenthesised comm.</summary>
    private static long? CpuTicks(int pid)
    {
        var stat = ReadProc(pid, "stat");
        if (stat is null)
        {
            return null;
        }

        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>A <c>/proc/&lt;pid&gt;/status</c> field in kB, e.g. <c>VmRSS</c>.</summary>
    private static long? StatusKb(int pid, string field) =>
        ReadProc(pid, "status")?.Split('\n').FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal)) is { } line
            ? long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
            : null;

    private static string? ReadProc(int pid, string file)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/{file}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc")]
    private static extern long sysconf(int name);
}
