using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Sanctum.Bench;

/// <summary>
/// The built daemon, idle: started with a temp data dir (dry-run, the shipped 5 s tick), given a few seconds to
/// start, then watched for the window. CPU% is its utime+stime over the window from <c>/proc/&lt;pid&gt;/stat</c>;
/// RSS is VmRSS from <c>/proc/&lt;pid&gt;/status</c> at the end. Stopped with SIGTERM, as systemd would.
/// </summary>
internal static class DaemonHarness
{
    private const int SIGTERM = 15;
    private const int SC_CLK_TCK = 2;
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(5);

    public static void Run(string daemonDll, bool quick, Metrics metrics)
    {
        if (!File.Exists(daemonDll))
        {
            Console.Error.WriteLine($"daemon: {daemonDll} not found; no daemon figures");
            return;
        }

        var window = TimeSpan.FromSeconds(quick ? 30 : 120);
        var dataDir = Directory.CreateTempSubdirectory("sanctum-bench-daemon-").FullName;
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { daemonDll, "--data-dir", dataDir })
        {
            info.ArgumentList.Add(arg);
        }

        // The daemon must see the shipped defaults, not an override left in this shell.
        foreach (var variable in new[] { "PRESSURE_VALVE_TICK", "PRESSURE_VALVE_DEBOUNCE", "PRESSURE_VALVE_COOLDOWN", "PRESSURE_VALVE_DRY_RUN" })
        {
            info.Environment.Remove(variable);
        }

        using var daemon = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new List<string>();
        daemon.OutputDataReceived += (_, e) => Remember(output, e.Data);
        daemon.ErrorDataReceived += (_, e) => Remember(output, e.Data);
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        try
        {
            if (daemon.WaitForExit(Startup) || CpuTicks(daemon.Id) is not { } ticksBefore)
            {
                Exited(daemon, output);
                return;
            }

            var clock = Stopwatch.StartNew();
            if (daemon.WaitForExit(window))
            {
                Exited(daemon, output);
                return;
            }

            var ticksAfter = CpuTicks(daemon.Id);
            var rssKb = VmRssKb(daemon.Id);
            clock.Stop();
            if (ticksAfter is null || rssKb is null)
            {
                Exited(daemon, output);
                return;
            }

            var cpuSeconds = (double)(ticksAfter.Value - ticksBefore) / sysconf(SC_CLK_TCK);
            Console.WriteLine($"daemon: idle {clock.Elapsed.TotalSeconds:0} s after a {Startup.TotalSeconds:0} s start, {cpuSeconds:0.00} s CPU");
            metrics.Add("daemon-idle-rss-mb", rssKb.Value / 1024.0, "MB");
            metrics.Add("daemon-idle-cpu-percent", 100 * cpuSeconds / clock.Elapsed.TotalSeconds, "%");
        }
        finally
        {
            Stop(daemon);
            Directory.Delete(dataDir, recursive: true);
        }
    }

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

    private static long? VmRssKb(int pid) =>
        ReadProc(pid, "status")?.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
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
