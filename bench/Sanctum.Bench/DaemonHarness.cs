using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Sanctum.Bench;

/// <summary>
/// The published daemon, idle, as its service file starts it: the apphost <c>sanctumd</c> beside the given
/// <c>sanctumd.dll</c> (tools/publish's folder) with the variables of <c>sanctumd.env</c> from that folder, a temp
/// data dir, dry-run at the shipped 5 s tick. Run once as shipped and once with .NET's default runtime settings
/// (the baseline); then earlyoom and nohang, started so they can act on nothing, are measured the same way.
/// CPU% is utime+stime over the window from <c>/proc/&lt;pid&gt;/stat</c>; RSS, private (RssAnon + RssShmem: what
/// the kernel cannot drop under pressure, file pages aside) and threads from <c>/proc/&lt;pid&gt;/status</c> at the
/// end; the first heartbeat is when <c>heartbeat.json</c> appears, from just before exec. Stopped with SIGTERM.
/// </summary>
internal static class DaemonHarness
{
    private const int SIGTERM = 15;
    private const int SC_CLK_TCK = 2;

    /// <summary>
    /// .NET's defaults for the settings the daemon changes in runtimeconfig.json (<c>src/Sanctum.Daemon/Runtime.props</c>):
    /// the environment overrides runtimeconfig.json. The baseline does not get <c>sanctumd.env</c> either.
    /// </summary>
    private static readonly Dictionary<string, string> RuntimeDefaults = new()
    {
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "70",
        ["DOTNET_TieredPGO"] = "1",
        ["DOTNET_gcConcurrent"] = "1",
        ["DOTNET_HillClimbing_Disable"] = "0",
    };

    /// <param name="floorApphost">The published <c>sanctum-floor</c> (bench/Sanctum.Floor): the stack's floors under the daemon are measured too; null: not.</param>
    public static void Run(string daemonDll, string? floorApphost, bool quick, Metrics metrics)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(daemonDll))!;
        var apphost = Path.Combine(folder, "sanctumd");
        var envFile = Path.Combine(folder, "sanctumd.env");
        if (!File.Exists(apphost) || !File.Exists(envFile))
        {
            Console.Error.WriteLine($"daemon: {apphost} or {envFile} not found (run tools/publish); no daemon figures");
            return;
        }

        // daemon-idle-cpu-percent always comes from at least 60 s, --quick too (CPU ticks are 10 ms). After a 5 s start
        // (--quick) the window still holds the start's tail: tier-1 JIT of what the tick calls for the 30th time, about half
        // the CPU until some three minutes in. The full run starts its window after 180 s, when the guard is idle for good.
        // The baseline and the other guards get the same start and window.
        var warmUp = TimeSpan.FromSeconds(quick ? 5 : 180);
        var window = TimeSpan.FromSeconds(quick ? 60 : 120);
        if (Measure("sanctumd, runtime defaults", Sanctumd(apphost, RuntimeDefaults), warmUp, window) is not { } baseline
            || Measure("sanctumd, as shipped", Sanctumd(apphost, ReadEnvFile(envFile)), warmUp, window) is not { } shipped)
        {
            return;
        }

        Add(metrics, "daemon", shipped);
        if (shipped.FirstHeartbeatMs is { } firstBeat)
        {
            metrics.Add("daemon-first-heartbeat-ms", firstBeat, "ms");
        }

        metrics.Add("daemon-idle-cpu-vs-runtime-defaults", shipped.CpuPercent / baseline.CpuPercent, "x");
        metrics.Add("daemon-idle-private-vs-runtime-defaults", shipped.PrivateMb / baseline.PrivateMb, "x");
        if (floorApphost is not null)
        {
            Floors(floorApphost, ReadEnvFile(envFile), warmUp, window, shipped, metrics);
        }

        foreach (var (name, start) in new (string, Func<string, Guard>?)[] { ("earlyoom", Earlyoom()), ("nohang", Nohang()) })
        {
            if (start is null)
            {
                metrics.NotAvailable($"{name}-idle-rss-mb", $"{name} not installed");
            }
            else if (Measure(name, start, warmUp, window) is { } idle)
            {
                Add(metrics, name, idle);
            }
        }
    }

    /// <summary>
    /// Each floor of the stack under the daemon (bench/Sanctum.Floor), with the daemon's runtime settings, start and
    /// window, so each is as old as the daemon when it is read: RSS, private, threads and CPU, and the time to ready (the
    /// floors' first heartbeat). What the daemon holds above the top floor (Akka.Hosting with the ledger's
    /// Akka.Persistence.Sql on SQLite) is the guard's own.
    /// </summary>
    private static void Floors(string apphost, IReadOnlyDictionary<string, string> environment, TimeSpan warmUp, TimeSpan window, Idle shipped, Metrics metrics)
    {
        Idle? top = null;
        foreach (var mode in new[] { "runtime", "akka", "hosting", "ledger" })
        {
            Guard FloorIn(string dir) => new(Published(apphost, environment, mode, dir), Path.Combine(dir, "ready"));
            if (Measure($"floor {mode}", FloorIn, warmUp, window) is not { } floor)
            {
                return;
            }

            metrics.Add($"floor-{mode}-idle-rss-mb", floor.RssMb, "MB");
            metrics.Add($"floor-{mode}-idle-private-mb", floor.PrivateMb, "MB");
            metrics.Add($"floor-{mode}-threads", floor.Threads);
            metrics.Add($"floor-{mode}-idle-cpu-percent", floor.CpuPercent, "%");
            if (floor.FirstHeartbeatMs is { } ready)
            {
                metrics.Add($"floor-{mode}-ready-ms", ready, "ms");
            }

            top = floor;
        }

        metrics.Add("daemon-over-floors-rss-mb", shipped.RssMb - top!.RssMb, "MB");
        metrics.Add("daemon-over-floors-private-mb", shipped.PrivateMb - top.PrivateMb, "MB");
    }

    private static void Add(Metrics metrics, string name, Idle idle)
    {
        metrics.Add($"{name}-idle-rss-mb", idle.RssMb, "MB");
        metrics.Add($"{name}-idle-private-mb", idle.PrivateMb, "MB");
        metrics.Add($"{name}-threads", idle.Threads);
        metrics.Add($"{name}-idle-cpu-percent", idle.CpuPercent, "%");
    }

    /// <summary>What to start, and the file whose appearance is its first heartbeat (none for the other guards).</summary>
    private sealed record Guard(ProcessStartInfo Start, string? Heartbeat);

    private static Func<string, Guard> Sanctumd(string apphost, IReadOnlyDictionary<string, string> environment) => dir =>
        new Guard(Published(apphost, environment, "--data-dir", dir, "--socket", Path.Combine(dir, "sanctum.sock")), Path.Combine(dir, "heartbeat.json"));

    /// <summary>The apphost with <paramref name="args"/> and <paramref name="environment"/> over this shell's, less any override of the shipped defaults.</summary>
    public static ProcessStartInfo Published(string apphost, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo(apphost);
        foreach (var arg in args)
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

        return info;
    }

    /// <summary>
    /// earlyoom in dry-run (it never signals), with a floor of 1 % of RAM available and every process avoided: it
    /// wakes as it would on a quiet host and can act on nothing.
    /// </summary>
    private static Func<string, Guard>? Earlyoom() =>
        RaceHarness.FindOnPath("earlyoom") is { } binary
            ? _ => new Guard(Start(binary, "--dryrun", "-m", "1,1", "-s", "100,100", "-r", "0", "--avoid", ".*"), null)
            : null;

    /// <summary>nohang's packaged config with thresholds of 2 and 1 MiB available and every name below min_badness.</summary>
    private static Func<string, Guard>? Nohang()
    {
        const string packaged = "/etc/nohang/nohang.conf";
        return RaceHarness.FindOnPath("nohang") is { } binary && File.Exists(packaged) ? dir => NohangIn(dir, binary, packaged) : null;
    }

    private static Guard NohangIn(string dir, string binary, string packaged)
    {
        var config = File.ReadAllText(packaged);
        foreach (var (key, value) in new[] { ("soft_threshold_min_mem", "2 M"), ("hard_threshold_min_mem", "1 M"), ("min_badness", "1500") })
        {
            config = Regex.Replace(config, $@"^[ \t]*{key}[ \t]*=.*$", $"{key} = {value}", RegexOptions.Multiline);
        }

        var conf = Path.Combine(dir, "nohang.conf");
        File.WriteAllText(conf, config + "\n@BADNESS_ADJ_RE_NAME -2000 /// .*\n");
        return new Guard(Start("python3", binary, "--monitor", "--config", conf), null);
    }

    private static ProcessStartInfo Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    /// <summary><c>NAME=VALUE</c> lines, as systemd's <c>EnvironmentFile=</c> reads them; <c>#</c> starts a comment line.</summary>
    public static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);

    /// <summary>Starts the guard in a fresh temp folder (its data dir or config), watches it idle, stops it and removes the folder.</summary>
    private static Idle? Measure(string label, Func<string, Guard> guardIn, TimeSpan warmUp, TimeSpan window)
    {
        var dir = Directory.CreateTempSubdirectory("sanctum-bench-idle-").FullName;
        try
        {
            return Measure(label, guardIn(dir), warmUp, window);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Idle? Measure(string label, Guard guard, TimeSpan warmUp, TimeSpan window)
    {
        var info = guard.Start;
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var sinceExec = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        var output = new List<string>();
        process.OutputDataReceived += (_, e) => Remember(output, e.Data);
        process.ErrorDataReceived += (_, e) => Remember(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            double? firstBeatMs = null;
            while (guard.Heartbeat is not null && firstBeatMs is null && sinceExec.Elapsed < warmUp && !process.HasExited)
            {
                if (File.Exists(guard.Heartbeat))
                {
                    firstBeatMs = sinceExec.Elapsed.TotalMilliseconds;
                }
                else
                {
                    Thread.Sleep(2);
                }
            }

            if (process.WaitForExit(warmUp - sinceExec.Elapsed) || CpuTicks(process.Id) is not { } ticksBefore)
            {
                Exited(label, process, output);
                return null;
            }

            var clock = Stopwatch.StartNew();
            if (process.WaitForExit(window))
            {
                Exited(label, process, output);
                return null;
            }

            var ticksAfter = CpuTicks(process.Id);
            var status = Status(process.Id);
            clock.Stop();
            if (ticksAfter is null || status is null)
            {
                Exited(label, process, output);
                return null;
            }

            var cpuSeconds = (double)(ticksAfter.Value - ticksBefore) / sysconf(SC_CLK_TCK);
            var idle = new Idle(
                100 * cpuSeconds / clock.Elapsed.TotalSeconds,
                status["VmRSS"] / 1024.0,
                (status["RssAnon"] + status["RssShmem"]) / 1024.0,
                status["Threads"],
                firstBeatMs);
            Console.WriteLine(
                $"{label}: idle {clock.Elapsed.TotalSeconds:0} s after a {warmUp.TotalSeconds:0} s start, {cpuSeconds:0.00} s CPU ({idle.CpuPercent:0.000} %), " +
                $"RSS {idle.RssMb:0.0} MB, private {idle.PrivateMb:0.0} MB (shmem {status["RssShmem"] / 1024.0:0.0}), {idle.Threads} threads" +
                (firstBeatMs is { } ms ? $", first heartbeat {ms:0} ms after exec" : ""));
            return idle;
        }
        finally
        {
            Stop(process);
        }
    }

    private sealed record Idle(double CpuPercent, double RssMb, double PrivateMb, long Threads, double? FirstHeartbeatMs);

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

    private static void Exited(string label, Process process, List<string> output)
    {
        process.WaitForExit();
        Console.Error.WriteLine($"{label}: exited with code {process.ExitCode} before the idle window ended; no figures. Its output:");
        lock (output)
        {
            foreach (var line in output.TakeLast(20))
            {
                Console.Error.WriteLine("  " + line);
            }
        }
    }

    private static void Stop(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        _ = kill(process.Id, SIGTERM);
        if (!process.WaitForExit(TimeSpan.FromSeconds(25)))
        {
            Console.Error.WriteLine($"{process.ProcessName}: still running 25 s after SIGTERM; killed");
            process.Kill();
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

    /// <summary>The numeric fields of <c>/proc/&lt;pid&gt;/status</c> (sizes in kB), e.g. <c>VmRSS</c>, <c>Threads</c>.</summary>
    private static Dictionary<string, long>? Status(int pid)
    {
        if (ReadProc(pid, "status") is not { } text)
        {
            return null;
        }

        var fields = new Dictionary<string, long>();
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && long.TryParse(line[(colon + 1)..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                fields[line[..colon]] = value;
            }
        }

        return fields;
    }

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
