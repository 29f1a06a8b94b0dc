using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Sanctum.Bench;

/// <summary>
/// "Act before the kernel does": the same real-memory race against sanctumd, earlyoom and nohang. Each run reads
/// MemAvailable, sets the thresholds below it (ORANGE = available − 400 MB; RED − 800, YELLOW − 200 for sanctumd),
/// starts <c>sanctum-memhog</c> (the apphost, so its comm is <c>sanctum-memhog</c> for every guard) waiting, starts
/// the guard restricted to it, then lets the hog allocate (and touch) up to 1000 MB at the rate. A sampler thread
/// polls MemAvailable, the hog's state and its VmRSS about every millisecond. Reaction: from the first sample with
/// MemAvailable ≤ ORANGE to the hog stopped (state T) or signalled (its SIGTERM report, or gone). Overshoot: the
/// hog's RSS then minus its RSS at the crossing. A guard that has not acted 12 s after the hog reached its cap
/// misses the run. Every child is cleaned up whatever happens.
/// </summary>
internal static class RaceHarness
{
    private const int SIGKILL = 9;
    private const int SIGTERM = 15;
    private const int SIGCONT = 18;
    private const int CapMb = 1000;
    private const int YellowBelowMb = 200;
    private const int OrangeBelowMb = 400;
    private const int RedBelowMb = 800;

    /// <summary>How long after the hog reached its cap a guard may still act. Today's daemon samples every 5 s and
    /// wants two samples at a level, so at 200 MB/s it acts some seconds after the cap: still measured, not a miss.</summary>
    private static readonly TimeSpan AfterCap = TimeSpan.FromSeconds(12);
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(60);

    /// <summary>The hog unpaced (a rate it cannot reach) is the fastest this machine allocates and touches pages.</summary>
    private static readonly (string Key, double Rate)[] Rates = [("200", 200), ("max", 100_000)];

    public static void Run(string? daemonDll, bool quick, Metrics metrics, string? hogPath = null)
    {
        var hog = hogPath is not null ? Path.GetFullPath(hogPath) : FindHog();
        var contenders = new[] { Sanctumd(daemonDll), Earlyoom(), Nohang() };
        if (hog is null || !File.Exists(hog))
        {
            Console.Error.WriteLine("race: sanctum-memhog is not built (dotnet build tests/Sanctum.MemoryHog -c Release); no race figures");
            foreach (var contender in contenders)
            {
                metrics.NotAvailable(contender.ReactionMetric, "sanctum-memhog not built");
            }

            return;
        }

        var runs = quick ? 1 : 5;
        var results = new Dictionary<(string Guard, string Rate), List<RunResult>>();
        foreach (var contender in contenders.Where(c => c.Unavailable is not null))
        {
            Console.WriteLine($"race: {contender.Name}: {contender.Unavailable}; skipped");
        }

        // Interleaved (run, rate, guard) so that a drift of the machine during the bench hits every guard alike.
        for (var run = 1; run <= runs; run++)
        {
            foreach (var (key, rate) in Rates)
            {
                foreach (var contender in contenders.Where(c => c.Unavailable is null))
                {
                    var result = RunOnce(contender, rate, hog);
                    var label = key == "max" ? "max" : $"{key} MB/s";
                    Console.WriteLine($"race: run {run} {contender.Name,-8} {label,-8} {result.Describe()}");
                    if (!results.TryGetValue((contender.Name, key), out var list))
                    {
                        results[(contender.Name, key)] = list = [];
                    }

                    list.Add(result);
                }
            }
        }

        var maxRates = results.Where(r => r.Key.Rate == "max").SelectMany(r => r.Value).Select(r => r.MeasuredRate).OfType<double>().ToList();
        foreach (var (key, _) in Rates)
        {
            var label = key == "max" ? maxRates.Count > 0 ? $"max ≈ {Percentile(maxRates, 50):0} MB/s" : "max" : $"{key} MB/s";
            var suffix = key == "max" ? "-max-rate" : "";
            var p50 = new Dictionary<string, double>();
            foreach (var contender in contenders)
            {
                if (contender.Unavailable is not null)
                {
                    metrics.NotAvailable(contender.ReactionMetric + suffix, contender.Unavailable);
                    metrics.NotAvailable(contender.OvershootMetric + suffix, contender.Unavailable);
                    continue;
                }

                var all = results.GetValueOrDefault((contender.Name, key)) ?? [];
                var acted = all.Where(r => r.ReactionMs is not null).ToList();
                var note = $"{contender.Name}, {label}, {acted.Count}/{all.Count} acted";
                if (acted.Count == 0)
                {
                    var why = $"{note}: none within the hog's cap + {AfterCap.TotalSeconds:0} s";
                    metrics.NotAvailable(contender.ReactionMetric + suffix, why);
                    metrics.NotAvailable(contender.OvershootMetric + suffix, why);
                    continue;
                }

                var reactions = acted.Select(r => r.ReactionMs!.Value).ToList();
                var overshoots = acted.Select(r => r.OvershootMb!.Value).ToList();
                p50[contender.Name] = Percentile(reactions, 50);
                metrics.Add(contender.ReactionMetric + suffix, [Percentile(reactions, 50), Percentile(reactions, 95)], "ms", "p50 p95, " + note);
                metrics.Add(contender.OvershootMetric + suffix, [Percentile(overshoots, 50), Percentile(overshoots, 95)], "MB", "p50 p95, " + note);
            }

            foreach (var other in new[] { "earlyoom", "nohang" })
            {
                var name = $"reaction-vs-{other}{suffix}";
                if (p50.TryGetValue("sanctumd", out var ours) && p50.TryGetValue(other, out var theirs) && theirs > 0)
                {
                    metrics.Add(name, ours / theirs, $"x (sanctumd p50 / {other} p50, {label})");
                }
                else
                {
                    metrics.NotAvailable(name, $"needs both sanctumd and {other} figures, {label}");
                }
            }
        }
    }

    private static RunResult RunOnce(Contender contender, double rate, string hogPath)
    {
        var dir = Directory.CreateTempSubdirectory("sanctum-race-").FullName;
        var report = Path.Combine(dir, "sigterm.report");
        var availableMb = MemAvailableKb() / 1024;
        var thresholds = new Thresholds(availableMb - YellowBelowMb, availableMb - OrangeBelowMb, availableMb - RedBelowMb);
        Process? hog = null;
        Process? guard = null;
        var guardOutput = new Output();
        try
        {
            hog = StartHog(hogPath, rate, report);
            if (hog is null)
            {
                return RunResult.Failed("the hog did not start");
            }

            // The hog is everyone's first choice: earlyoom and nohang start from the kernel's oom_score.
            File.WriteAllText($"/proc/{hog.Id}/oom_score_adj", "1000");
            if (contender.SignalsByScore && OutrankingHog(hog.Id) is { } rival)
            {
                return RunResult.Failed($"refused: {rival} scores within 100 of the hog; {contender.Name} could pick it");
            }

            guard = StartWithDeathSignal(contender.StartInfo(thresholds, dir), contender.DeathSignal, guardOutput);
            if (!contender.Ready(dir, guardOutput, guard))
            {
                return RunResult.Failed($"{contender.Name} did not come up; its output:\n    " + string.Join("\n    ", guardOutput.Lines().TakeLast(15)));
            }

            if (MemAvailableKb() <= thresholds.OrangeKb + (100 * 1024))
            {
                return RunResult.Failed("disturbed: MemAvailable fell near ORANGE before the hog started (another process allocating)");
            }

            var sampler = new Sampler(hog.Id, thresholds.OrangeKb, report);
            var thread = new Thread(sampler.Loop) { IsBackground = true, Name = "race-sampler", Priority = ThreadPriority.Highest };
            thread.Start();
            sampler.Started.Wait();
            hog.StandardInput.WriteLine("go");
            hog.StandardInput.Flush();
            thread.Join();
            return sampler.Result(ReadReport(report, hog));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return RunResult.Failed($"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            // earlyoom and nohang never outlive the hog (with it gone they would pick the next best process);
            // the daemon is stopped after it, cleanly, so it thaws what it froze.
            if (contender.StopGuardFirst)
            {
                StopGuard(guard, contender);
                KillHog(hog);
            }
            else
            {
                KillHog(hog);
                StopGuard(guard, contender);
            }

            hog?.Dispose();
            guard?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed record Thresholds(long YellowMb, long OrangeMb, long RedMb)
    {
        public long OrangeKb => OrangeMb * 1024;
        public long RedKb => RedMb * 1024;
    }

    /// <summary>One guard: how to start it restricted to the hog, when it is up, how it is stopped.</summary>
    private sealed record Contender(
        string Name,
        string? Unavailable,
        string ReactionMetric,
        string OvershootMetric,
        Func<Thresholds, string, ProcessStartInfo> StartInfo,
        Func<string, Output, Process, bool> Ready,
        string DeathSignal,
        bool StopGuardFirst,
        bool SignalsByScore);

    private static Contender Sanctumd(string? daemonDll) => new(
        "sanctumd",
        daemonDll is null ? "no --daemon given" : File.Exists(daemonDll) ? null : $"{daemonDll} not found",
        "real-pressure-reaction-ms",
        "real-pressure-overshoot-mb",
        (t, dir) =>
        {
            var config = Path.Combine(dir, "race.conf");
            File.WriteAllText(config, SanctumdConfig(t));
            var info = new ProcessStartInfo("dotnet");
            foreach (var arg in new[] { daemonDll!, "--armed", "--data-dir", Path.Combine(dir, "data"), "--socket", Path.Combine(dir, "s.sock"), "--config", config })
            {
                info.ArgumentList.Add(arg);
            }

            // The daemon must see the shipped defaults, not an override left in this shell.
            foreach (var variable in new[] { "PRESSURE_VALVE_TICK", "PRESSURE_VALVE_DEBOUNCE", "PRESSURE_VALVE_COOLDOWN", "PRESSURE_VALVE_DRY_RUN" })
            {
                info.Environment.Remove(variable);
            }

            return info;
        },
        // Up once the valve has its ledger seed: until then (at most 10 s after start) it holds every remedy.
        (dir, output, guard) => WaitFor(() => output.Lines().Any(l => l.Contains("took the ledger's seed", StringComparison.Ordinal) || l.Contains("no seed from the ledger", StringComparison.Ordinal)), guard, TimeSpan.FromSeconds(30)),
        "TERM",
        StopGuardFirst: false,
        SignalsByScore: false);

    /// <summary>
    /// Thresholds below what is available now and an allowlist of the hog alone; every other key as shipped. Swap
    /// never decides: the daemon wants swap-percent strictly rising from yellow to red, so 98/99/100 (not 100 each).
    /// No durations are written (the daemon's tick, debounce and the rest stay as shipped).
    /// </summary>
    private static string SanctumdConfig(Thresholds t) => string.Create(CultureInfo.InvariantCulture, $$"""
        # Written by the bench's race (bench/Sanctum.Bench/RaceHarness.cs): thresholds below MemAvailable at the
        # start of the run, only sanctum-memhog allowlisted; every other key keeps its shipped default.
        sanctum.valve.thresholds {
          yellow { available-mb = {{t.YellowMb}}, swap-percent = 98 }
          orange { available-mb = {{t.OrangeMb}}, swap-percent = 99 }
          red    { available-mb = {{t.RedMb}}, swap-percent = 100 }
        }
        sanctum.valve.allowlist = [
          { name = "memhog", match = "sanctum-memhog", policy = sigstop-only, min-stop-mb = 0 }
        ]

        """);

    /// <summary>
    /// earlyoom (1.7 here) in the foreground: SIGTERM at ORANGE, SIGKILL at RED, as absolute KiB (-M); -s 100,100
    /// makes the swap condition always true (earlyoom acts only when memory AND swap are low; with no swap at all it
    /// counts free swap as 0 %, so it is true anyway). It picks the highest oom_score, +300 for --prefer, −300 for
    /// --avoid, by comm: every process is avoided (a badness below −1 can never be picked), the hog is preferred
    /// back, and the hog's oom_score_adj is 1000. Started after the hog and stopped before it.
    /// </summary>
    private static Contender Earlyoom()
    {
        var binary = FindOnPath("earlyoom");
        return new(
            "earlyoom",
            binary is null ? "earlyoom not installed" : null,
            "earlyoom-reaction-ms",
            "earlyoom-overshoot-mb",
            (t, _) =>
            {
                var info = new ProcessStartInfo(binary!);
                foreach (var arg in new[]
                {
                    "-M", $"{t.OrangeKb},{t.RedKb}", "-s", "100,100", "-r", "0",
                    "--prefer", "^sanctum-memhog$", "--avoid", ".*",
                })
                {
                    info.ArgumentList.Add(arg);
                }

                return info;
            },
            (_, output, guard) => output.WaitForLine("SIGKILL when mem", guard, TimeSpan.FromSeconds(10)) && Settled(guard),
            "KILL",
            StopGuardFirst: true,
            SignalsByScore: true);
    }

    /// <summary>
    /// nohang (0.2.0 here), its packaged config with: soft threshold (SIGTERM) at ORANGE, hard (SIGKILL) at RED,
    /// swap thresholds at 100 % (with no swap, 0 free ≤ 0 holds anyway), min_badness 1500, +1000 badness for the
    /// name ^sanctum-memhog$ and −2000 for every other name. Its poll settings stay as packaged. nohang refuses
    /// memory thresholds above 50 % of RAM; on a big idle host ORANGE is far above that, so it runs from a copy with
    /// only that bound lifted.
    /// </summary>
    private static Contender Nohang()
    {
        var binary = FindOnPath("nohang");
        var config = "/etc/nohang/nohang.conf";
        var unavailable = binary is null ? "nohang not installed" : File.Exists(config) ? null : $"{config} not found";
        return new(
            "nohang",
            unavailable,
            "nohang-reaction-ms",
            "nohang-overshoot-mb",
            (t, dir) =>
            {
                var script = Path.Combine(dir, "nohang");
                File.WriteAllText(script, File.ReadAllText(binary!).Replace("mem_min_kb > mem_total * 0.5", "mem_min_kb > mem_total", StringComparison.Ordinal));
                var conf = Path.Combine(dir, "nohang.conf");
                File.WriteAllText(conf, NohangConfig(File.ReadAllText(config), t));
                var info = new ProcessStartInfo("python3");
                foreach (var arg in new[] { script, "--monitor", "--config", conf })
                {
                    info.ArgumentList.Add(arg);
                }

                return info;
            },
            (_, output, guard) => output.WaitForLine("Monitoring has started", guard, TimeSpan.FromSeconds(20)) && Settled(guard),
            "KILL",
            StopGuardFirst: true,
            SignalsByScore: true);
    }

    private static string NohangConfig(string packaged, Thresholds t)
    {
        var keys = new Dictionary<string, string>
        {
            ["soft_threshold_min_mem"] = $"{t.OrangeMb} M",
            ["hard_threshold_min_mem"] = $"{t.RedMb} M",
            ["soft_threshold_min_swap"] = "100 %",
            ["hard_threshold_min_swap"] = "100 %",
            ["min_badness"] = "1500",
        };
        foreach (var (key, value) in keys)
        {
            var pattern = new Regex($@"^[ \t]*{key}[ \t]*=.*$", RegexOptions.Multiline);
            if (!pattern.IsMatch(packaged))
            {
                throw new InvalidOperationException($"nohang: no {key} in the packaged config");
            }

            packaged = pattern.Replace(packaged, $"{key} = {value}");
        }

        return packaged + """

            # bench race: only sanctum-memhog can reach min_badness (its oom_score_adj is 1000).
            @BADNESS_ADJ_RE_NAME 1000 /// ^sanctum-memhog$
            @BADNESS_ADJ_RE_NAME -2000 /// ^(?!sanctum-memhog$)

            """;
    }

    /// <summary>The sampler: ~1 ms polls of MemAvailable and the hog's state and RSS, until it is acted on or missed.</summary>
    private sealed class Sampler(int pid, long orangeKb, string report)
    {
        private long? _crossTicks;
        private long _crossUnixMs;
        private long _rssAtCrossKb;
        private long _lastRssKb;
        private long? _actTicks;
        private long _rssAtActKb;
        private string _how = "";
        private long? _growthStartTicks;
        private long _growthStartKb;
        private long _growthEndTicks;
        private long _growthEndKb;

        public ManualResetEventSlim Started { get; } = new();

        public void Loop()
        {
            var begin = Stopwatch.GetTimestamp();
            long? capTicks = null;
            Started.Set();
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                var available = MemAvailableKb();
                var state = State(pid);
                if (StatusKb(pid, "VmRSS") is { } rss)
                {
                    _lastRssKb = rss;
                    if (_growthStartTicks is null && rss >= 50 * 1024)
                    {
                        (_growthStartTicks, _growthStartKb) = (now, rss);
                    }
                    else if (_growthStartTicks is not null && rss > _growthEndKb && _growthEndKb < CapMb * 1024L * 98 / 100)
                    {
                        // Up to the cap only: the hold after it is not allocation.
                        (_growthEndTicks, _growthEndKb) = (now, rss);
                    }
                }

                if (_crossTicks is null && available <= orangeKb)
                {
                    (_crossTicks, _crossUnixMs, _rssAtCrossKb) = (now, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastRssKb);
                }

                var gone = state is null or 'Z' or 'X';
                if (state == 'T' || gone || File.Exists(report))
                {
                    _actTicks = now;
                    _rssAtActKb = _lastRssKb;
                    _how = state == 'T' ? "stopped" : File.Exists(report) ? "SIGTERM" : "exited";
                    return;
                }

                if (capTicks is null && _lastRssKb >= CapMb * 1024L * 98 / 100)
                {
                    capTicks = now;
                }

                if ((capTicks is { } cap && Stopwatch.GetElapsedTime(cap, now) > AfterCap) || Stopwatch.GetElapsedTime(begin, now) > RunLimit)
                {
                    _how = capTicks is null ? "no cap reached" : "missed";
                    return;
                }

                Thread.Sleep(1);
            }
        }

        public RunResult Result(long? reportUnixMs)
        {
            double? rate = _growthStartTicks is { } g && _growthEndTicks > g && _growthEndKb - _growthStartKb >= 100 * 1024
                ? (_growthEndKb - _growthStartKb) / 1024.0 / Stopwatch.GetElapsedTime(g, _growthEndTicks).TotalSeconds
                : null;
            if (_actTicks is not { } act)
            {
                return new RunResult(null, null, rate, _crossTicks is null ? "never crossed ORANGE" : _how);
            }

            if (_crossTicks is not { } cross)
            {
                // The guard's reading of MemAvailable beat the sampler's: it acted at or before the crossing.
                return new RunResult(0, 0, rate, _how + ", before the sampler saw ORANGE");
            }

            var reaction = Stopwatch.GetElapsedTime(cross, act).TotalMilliseconds;
            if (reportUnixMs is { } signalled && _how == "SIGTERM")
            {
                // The hog wrote the time the SIGTERM reached it; the sampler sees the file up to a poll later.
                reaction = Math.Min(reaction, Math.Max(0, signalled - _crossUnixMs));
            }

            return new RunResult(reaction, (_rssAtActKb - _rssAtCrossKb) / 1024.0, rate, _how);
        }
    }

    private sealed record RunResult(double? ReactionMs, double? OvershootMb, double? MeasuredRate, string How)
    {
        public static RunResult Failed(string why) => new(null, null, null, "failed: " + why);

        public string Describe()
        {
            var rate = MeasuredRate is { } r ? string.Create(CultureInfo.InvariantCulture, $", hog at {r:0} MB/s") : "";
            return ReactionMs is { } ms
                ? string.Create(CultureInfo.InvariantCulture, $"reaction {ms:0.0} ms, overshoot {OvershootMb:0} MB, {How}{rate}")
                : $"MISS ({How}){rate}";
        }
    }

    /// <summary>The guard's output, kept for the ready check and for a diagnosis when it fails.</summary>
    private sealed class Output
    {
        private readonly List<string> _lines = [];

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_lines)
            {
                _lines.Add(line);
            }
        }

        public List<string> Lines()
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }

        public bool WaitForLine(string text, Process process, TimeSpan limit) =>
            WaitFor(() => Lines().Any(l => l.Contains(text, StringComparison.Ordinal)), process, limit);
    }

    private static bool WaitFor(Func<bool> condition, Process process, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (condition())
            {
                return true;
            }

            if (process.HasExited)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    /// <summary>A guard that printed its banner gets a moment to enter its loop (and must still be running).</summary>
    private static bool Settled(Process guard) => !guard.WaitForExit(TimeSpan.FromMilliseconds(500));

    private static Process? StartHog(string hogPath, double rate, string report)
    {
        var info = DeathSignalled(new ProcessStartInfo(hogPath), "KILL");
        foreach (var arg in new[] { "--rate", rate.ToString(CultureInfo.InvariantCulture), "--cap", CapMb.ToString(CultureInfo.InvariantCulture), "--hold", "--report", report, "--wait" })
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var hog = Process.Start(info);
        if (hog is null)
        {
            return null;
        }

        var output = new Output();
        hog.OutputDataReceived += (_, e) => output.Add(e.Data);
        hog.ErrorDataReceived += (_, e) => output.Add(e.Data);
        hog.BeginOutputReadLine();
        hog.BeginErrorReadLine();
        if (!output.WaitForLine("sanctum-memhog: pid", hog, TimeSpan.FromSeconds(15)))
        {
            KillHog(hog);
            hog.Dispose();
            return null;
        }

        return hog;
    }

    private static Process StartWithDeathSignal(ProcessStartInfo info, string signal, Output output)
    {
        info = DeathSignalled(info, signal);
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start");
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// Through <c>setpriv --pdeathsig</c> (it execs, so the pid and comm are the child's) the child gets the signal
    /// if the bench dies without cleaning up: no guard or hog outlives it. Started from the main thread, which
    /// lives as long as the bench does.
    /// </summary>
    internal static ProcessStartInfo DeathSignalled(ProcessStartInfo info, string signal)
    {
        if (FindOnPath("setpriv") is not { } setpriv)
        {
            return info;
        }

        var wrapped = new ProcessStartInfo(setpriv) { UseShellExecute = false };
        foreach (var arg in new[] { "--pdeathsig", signal, info.FileName }.Concat(info.ArgumentList))
        {
            wrapped.ArgumentList.Add(arg);
        }

        foreach (var variable in info.Environment.Keys.Except(wrapped.Environment.Keys).ToList())
        {
            wrapped.Environment[variable] = info.Environment[variable];
        }

        foreach (var variable in wrapped.Environment.Keys.Except(info.Environment.Keys).ToList())
        {
            wrapped.Environment.Remove(variable);
        }

        return wrapped;
    }

    private static void KillHog(Process? hog)
    {
        if (hog is null || hog.HasExited)
        {
            return;
        }

        _ = kill(hog.Id, SIGCONT);
        _ = kill(hog.Id, SIGKILL);
        _ = hog.WaitForExit(TimeSpan.FromSeconds(10));
    }

    private static void StopGuard(Process? guard, Contender contender)
    {
        if (guard is null || guard.HasExited)
        {
            return;
        }

        _ = kill(guard.Id, SIGTERM);
        var patience = TimeSpan.FromSeconds(contender.StopGuardFirst ? 2 : 25);
        if (!guard.WaitForExit(patience))
        {
            Console.Error.WriteLine($"race: {contender.Name} still running {patience.TotalSeconds:0} s after SIGTERM; killed");
            _ = kill(guard.Id, SIGKILL);
            _ = guard.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The first other process whose oom_score is within 100 of the hog's (its oom_score_adj is 1000).</summary>
    private static string? OutrankingHog(int hogPid)
    {
        if (ReadProc(hogPid, "oom_score") is not { } own || !int.TryParse(own.Trim(), CultureInfo.InvariantCulture, out var hogScore))
        {
            return "the hog (no oom_score)";
        }

        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out var pid) || pid == hogPid)
            {
                continue;
            }

            if (ReadProc(pid, "oom_score") is { } text && int.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var score) && score > hogScore - 100)
            {
                return $"pid {pid} ({ReadProc(pid, "comm")?.Trim()}, oom_score {score} vs the hog's {hogScore})";
            }
        }

        return null;
    }

    private static long? ReadReport(string report, Process hog)
    {
        if (!File.Exists(report))
        {
            return null;
        }

        // The hog exits right after writing it; wait for that so the text is whole.
        _ = hog.WaitForExit(TimeSpan.FromSeconds(2));
        var fields = File.ReadAllText(report).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && long.TryParse(fields[1], CultureInfo.InvariantCulture, out var ms) ? ms : null;
    }

    internal static double Percentile(List<double> values, double percent)
    {
        var sorted = values.Order().ToList();
        var rank = percent / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    private static long MemAvailableKb()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
            {
                return long.Parse(line["MemAvailable:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no MemAvailable in /proc/meminfo");
    }

    /// <summary>The state letter of <c>/proc/&lt;pid&gt;/stat</c> (after the parenthesised comm); null once gone.</summary>
    internal static char? State(int pid) =>
        ReadProc(pid, "stat") is { } stat && stat.LastIndexOf(')') is var close and > 0 && close + 2 < stat.Length ? stat[close + 2] : null;

    internal static long? StatusKb(int pid, string field) =>
        ReadProc(pid, "status")?.Split('\n').FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal)) is { } line
            ? long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
            : null;

    internal static string? ReadProc(int pid, string file)
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

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The Release build of tests/Sanctum.MemoryHog, found from the bench's own directory up to the repo root.</summary>
    private static string? FindHog()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SanctumActors.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "Sanctum.MemoryHog", "bin", "Release", "net10.0", "sanctum-memhog");
            }
        }

        return null;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
