using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Sanctum.Configuration;

namespace Sanctum.Bench;

/// <summary>
/// Issue 13's hostile command lines against the published daemon (tools/publish's folder, <c>sanctumd.env</c>),
/// armed, with the shipped allowlist plus one test entry matching the bench's own target (<c>sleep</c> run as
/// <c>sanctum-bench-target</c>), and a <c>--pressure-script</c> of episodes: GREEN, ORANGE at a known time, GREEN
/// again. Each episode gets a fresh target (the per-process freeze limit and cooldown never decide); the first half
/// of the episodes run without, the second half with 40 hostile <c>sleep</c>s (argv[0] = <c>Docker.app/</c> × 3000 +
/// <c>/metal </c> × 3000, 54 KB; as nobody through setpriv when the bench is root). Reaction: from the scripted
/// ORANGE (the script's 0 is the monitor's first reading, which its start-up log line stamps) to the target's state
/// <c>T</c>, polled every millisecond. Heartbeat: the gaps between <c>heartbeat.json</c> rewrites (mtime), the
/// round trip of <c>status</c> on the socket once a second (10 s limit), and the daemon's VmRSS, in each phase.
/// Only the bench's own children are ever signalled, and a host where another process matches an allowlist entry
/// is refused (the daemon is armed).
/// </summary>
internal static class HostileHarness
{
    private const string Tag = "sanctum-bench-target";
    private const int HostileCount = 40;
    private const int Nobody = 65534;
    private const int SIGKILL = 9;
    private const int SIGTERM = 15;
    private const int SIGCONT = 18;
    private static readonly TimeSpan OrangeAt = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan StatusLimit = TimeSpan.FromSeconds(10);
    private static readonly string HostileArgv0 = string.Concat(Enumerable.Repeat("Docker.app/", 3000)) + string.Concat(Enumerable.Repeat("/metal ", 3000));

    public static void Run(string daemonDll, bool quick, Metrics metrics)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(daemonDll))!;
        var apphost = Path.Combine(folder, "sanctumd");
        var envFile = Path.Combine(folder, "sanctumd.env");
        if (!File.Exists(apphost) || !File.Exists(envFile) || RaceHarness.FindOnPath("setpriv") is null || RaceHarness.FindOnPath("bash") is null)
        {
            Console.Error.WriteLine($"hostile: {apphost}, {envFile}, setpriv or bash not found; no hostile figures");
            metrics.NotAvailable("hostile-reaction-ms", "published daemon, setpriv or bash missing");
            return;
        }

        if (OtherAllowlisted() is { } rival)
        {
            Console.Error.WriteLine($"hostile: refused, the armed daemon could act on {rival}");
            metrics.NotAvailable("hostile-reaction-ms", "another process matches the shipped allowlist");
            return;
        }

        // Long ORANGE phases: a stalled daemon must still get to act within one to be measured at all.
        var episodes = quick ? 2 : 8;
        var period = TimeSpan.FromSeconds(quick ? 14 : 25);
        var dir = Directory.CreateTempSubdirectory("sanctum-bench-hostile-").FullName;
        try
        {
            var config = WriteConfig(dir);
            var script = WriteScript(dir, 2 * episodes, period);
            if (Measure(apphost, DaemonHarness.ReadEnvFile(envFile), dir, config, script, episodes, period) is { } run)
            {
                Report(run, metrics);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The shipped <c>allowlist = [ … ]</c>, word for word, with the test entry first; checked to load as exactly that.</summary>
    private static string WriteConfig(string dir)
    {
        var shipped = Regex.Match(SanctumConfigLoader.DefaultsText, @"(?m)^(\s*)allowlist = \[\n(.*?)^\1\]", RegexOptions.Singleline);
        if (!shipped.Success)
        {
            throw new InvalidOperationException("no allowlist block in the shipped hocon/sanctum.conf");
        }

        var path = Path.Combine(dir, "hostile.conf");
        File.WriteAllText(path, $$"""
            # Written by the bench (bench/Sanctum.Bench/HostileHarness.cs): the shipped allowlist plus the bench's target.
            sanctum.valve {
              allowlist = [
                { name = "bench-target", match = "{{Tag}}", policy = sigstop-only, min-stop-mb = 0 }
            {{shipped.Groups[2].Value}}  ]
            }

            """);
        var loaded = SanctumConfigLoader.Load(path, new Dictionary<string, string?>()).Options?.Valve.Allowlist
            ?? throw new InvalidOperationException($"{path} does not load");
        var expected = Guard.Options.Valve.Allowlist.Select(e => (e.Name, e.Match)).Prepend(("bench-target", Tag));
        if (!loaded.Select(e => (e.Name, e.Match)).SequenceEqual(expected))
        {
            throw new InvalidOperationException($"{path}: its allowlist is not the shipped one plus the test entry");
        }

        Console.WriteLine($"hostile: allowlist = the shipped {Guard.Options.Valve.Allowlist.Count} entries + {Tag}");
        return path;
    }

    /// <summary>
    /// Each period: GREEN, ORANGE (above RED) from <see cref="OrangeAt"/> to 3 s before its end, GREEN again. GREEN is
    /// 512 MB above YELLOW, so the sampler's cadence (headroom / fill rate) reads under a second apart, not once a tick.
    /// </summary>
    private static string WriteScript(string dir, int periods, TimeSpan period)
    {
        var thresholds = Guard.Options.Valve.Thresholds;
        var green = thresholds.Yellow.AvailableMb + 512;
        var orange = (thresholds.Orange.AvailableMb + thresholds.Red.AvailableMb) / 2;
        var lines = new StringBuilder().Append(CultureInfo.InvariantCulture, $"pressure = [\n  {{ at = 0s, available-mb = {green}, swap-used-mb = 0, kernel-level = 1 }}\n");
        for (var k = 0; k < periods; k++)
        {
            var start = k * period.TotalSeconds;
            lines.Append(CultureInfo.InvariantCulture, $"  {{ at = {start + OrangeAt.TotalSeconds}s, available-mb = {orange} }}\n");
            lines.Append(CultureInfo.InvariantCulture, $"  {{ at = {start + period.TotalSeconds - 3}s, available-mb = {green} }}\n");
        }

        var path = Path.Combine(dir, "pressure.conf");
        File.WriteAllText(path, lines.Append("]\n").ToString());
        return path;
    }

    private sealed record Phase(List<double> ReactionsMs, int Missed, List<double> HeartbeatGapsMs, List<double> StatusMs, int StatusTimeouts, long MaxRssKb);

    private sealed record HostileRun(Phase Without, Phase With);

    private static HostileRun? Measure(string apphost, Dictionary<string, string> environment, string dir, string config, string script, int episodes, TimeSpan period)
    {
        var data = Path.Combine(dir, "data");
        var socket = Path.Combine(dir, "s.sock");
        var heartbeat = Path.Combine(data, "heartbeat.json");
        var output = new List<string>();
        var children = new List<Process>();
        var info = RaceHarness.DeathSignalled(
            DaemonHarness.Published(apphost, environment, "--armed", "--data-dir", data, "--socket", socket, "--config", config, "--pressure-script", script), "TERM");
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var daemon = Process.Start(info) ?? throw new InvalidOperationException("sanctumd did not start");
        daemon.OutputDataReceived += (_, e) => Remember(output, e.Data);
        daemon.ErrorDataReceived += (_, e) => Remember(output, e.Data);
        daemon.BeginOutputReadLine();
        daemon.BeginErrorReadLine();
        var watcher = new StatusWatcher(socket, daemon.Id);
        try
        {
            if (ScriptStart(output, daemon) is not { } zero)
            {
                Fail("no first pressure reading within 30 s", output);
                return null;
            }

            var watching = new Thread(watcher.Loop) { IsBackground = true, Name = "hostile-status" };
            watching.Start();
            var phases = new[] { new PhaseRecorder(), new PhaseRecorder() };
            var lastBeat = (DateTime?)null;
            for (var k = 0; k < 2 * episodes; k++)
            {
                var recorder = phases[k / episodes];
                var begin = zero + (k * period);
                WaitUntil(begin + TimeSpan.FromMilliseconds(200));
                if (k == episodes)
                {
                    children.AddRange(Enumerable.Range(0, HostileCount).Select(_ => Sleep(HostileArgv0, asNobody: geteuid() == 0)));
                    watcher.Split(DateTimeOffset.UtcNow);
                    lastBeat = null;
                }

                var target = Sleep(Tag, asNobody: false);
                children.Add(target);
                var orange = begin + OrangeAt;
                var end = begin + period - TimeSpan.FromMilliseconds(500);
                double? reaction = null;
                while (DateTimeOffset.UtcNow < end)
                {
                    if (File.Exists(heartbeat) && File.GetLastWriteTimeUtc(heartbeat) is var beat && beat != lastBeat)
                    {
                        if (lastBeat is { } previous)
                        {
                            recorder.Gaps.Add((beat - previous).TotalMilliseconds);
                        }

                        lastBeat = beat;
                    }

                    if (reaction is null && RaceHarness.State(target.Id) == 'T')
                    {
                        reaction = (DateTimeOffset.UtcNow - orange).TotalMilliseconds;
                    }

                    Thread.Sleep(1);
                }

                Console.WriteLine($"hostile: episode {k + 1} {(k < episodes ? "without" : "with")}: " +
                    (reaction is { } ms ? string.Create(CultureInfo.InvariantCulture, $"reaction {ms:0} ms") : "MISS (not stopped within the ORANGE phase)"));
                if (reaction is { } r)
                {
                    recorder.Reactions.Add(r);
                }
                else
                {
                    recorder.Missed++;
                }

                Kill(target);
                children.Remove(target);
            }

            watcher.Stop();
            watching.Join();
            return new HostileRun(phases[0].Done(watcher, 0), phases[1].Done(watcher, 1));
        }
        finally
        {
            watcher.Stop();
            if (!daemon.HasExited)
            {
                _ = kill(daemon.Id, SIGTERM);
                if (!daemon.WaitForExit(TimeSpan.FromSeconds(25)))
                {
                    Console.Error.WriteLine("hostile: sanctumd still running 25 s after SIGTERM; killed");
                    daemon.Kill();
                }
            }

            children.ForEach(Kill);
        }
    }

    private sealed class PhaseRecorder
    {
        public List<double> Reactions { get; } = [];

        public int Missed { get; set; }

        public List<double> Gaps { get; } = [];

        public Phase Done(StatusWatcher watcher, int phase) =>
            new(Reactions, Missed, Gaps, watcher.RoundTrips[phase], watcher.Timeouts[phase], watcher.MaxRssKb[phase]);
    }

    /// <summary>Once a second: <c>{"command":"status"}</c> on the socket, timed, and the daemon's VmRSS; the second phase from <see cref="Split"/> on.</summary>
    private sealed class StatusWatcher(string socket, int daemonPid)
    {
        private volatile bool _stopped;
        private bool _answered;
        private long _splitTicks = long.MaxValue;

        public List<double>[] RoundTrips { get; } = [[], []];

        public int[] Timeouts { get; } = [0, 0];

        public long[] MaxRssKb { get; } = [0, 0];

        public void Split(DateTimeOffset at) => Interlocked.Exchange(ref _splitTicks, at.UtcTicks);

        public void Stop() => _stopped = true;

        public void Loop()
        {
            while (!_stopped)
            {
                var phase = DateTimeOffset.UtcNow.UtcTicks >= Interlocked.Read(ref _splitTicks) ? 1 : 0;
                var clock = Stopwatch.StartNew();
                if (AskStatus())
                {
                    RoundTrips[phase].Add(clock.Elapsed.TotalMilliseconds);
                    _answered = true;
                }
                else if (_answered)
                {
                    // Before its first answer the socket may not be listening yet.
                    Timeouts[phase]++;
                }

                MaxRssKb[phase] = Math.Max(MaxRssKb[phase], RaceHarness.StatusKb(daemonPid, "VmRSS") ?? 0);
                Thread.Sleep(TimeSpan.FromSeconds(1) - clock.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
            }
        }

        private bool AskStatus()
        {
            try
            {
                using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                client.ReceiveTimeout = client.SendTimeout = (int)StatusLimit.TotalMilliseconds;
                client.Connect(new UnixDomainSocketEndPoint(socket));
                client.Send("{\"command\":\"status\"}\n"u8);
                var buffer = new byte[64 * 1024];
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < StatusLimit)
                {
                    var read = client.Receive(buffer);
                    if (read == 0)
                    {
                        return false;
                    }

                    if (Array.IndexOf(buffer, (byte)'\n', 0, read) >= 0)
                    {
                        return true;
                    }
                }

                return false;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }

    private static void Report(HostileRun run, Metrics metrics)
    {
        foreach (var (name, unit, pick) in new (string, string, Func<Phase, List<double>>)[]
        {
            ("hostile-reaction-ms", "ms", p => p.ReactionsMs),
            ("hostile-heartbeat-gap-ms", "ms", p => p.HeartbeatGapsMs),
            ("hostile-status-rtt-ms", "ms", p => p.StatusMs),
        })
        {
            var p50 = new double?[2];
            foreach (var (phase, label, i) in new[] { (run.Without, "without", 0), (run.With, "with", 1) })
            {
                var values = pick(phase);
                var note = $"p50 p95, {label} {HostileCount} hostile children, n={values.Count}" +
                    (name == "hostile-reaction-ms" ? $", {phase.Missed} missed" : name == "hostile-status-rtt-ms" ? $", {phase.StatusTimeouts} timed out" : "");
                if (values.Count == 0)
                {
                    metrics.NotAvailable($"{name}-{label}", note);
                    continue;
                }

                p50[i] = RaceHarness.Percentile(values, 50);
                metrics.Add($"{name}-{label}", [p50[i]!.Value, RaceHarness.Percentile(values, 95)], unit, note);
            }

            if (p50 is [{ } without, { } with] && without > 0)
            {
                metrics.Add($"{name}-with-vs-without", with / without, "x (p50 with / p50 without)");
            }
        }

        metrics.Add("hostile-rss-mb-without", run.Without.MaxRssKb / 1024.0, "MB (largest VmRSS in the phase)");
        metrics.Add("hostile-rss-mb-with", run.With.MaxRssKb / 1024.0, "MB (largest VmRSS in the phase)");
        if (run.Without.MaxRssKb > 0)
        {
            metrics.Add("hostile-rss-with-vs-without", (double)run.With.MaxRssKb / run.Without.MaxRssKb, "x");
        }
    }

    /// <summary>
    /// The script's 0: the pressure monitor logs how it reads just before its first reading, stamped to the
    /// millisecond (<c>2026-04-26T02:35:27.123+02:00 [INF] pressure: …</c>).
    /// </summary>
    private static DateTimeOffset? ScriptStart(List<string> output, Process daemon)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !daemon.HasExited)
        {
            lock (output)
            {
                foreach (var line in output.Where(l => l.Contains("] pressure: ", StringComparison.Ordinal)))
                {
                    if (DateTimeOffset.TryParse(line.Split(' ')[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                    {
                        return at;
                    }
                }
            }

            Thread.Sleep(20);
        }

        return null;
    }

    /// <summary>
    /// <c>sleep 3600</c> with <paramref name="argv0"/> as its command line's first word (bash's <c>exec -a</c>; its comm
    /// stays <c>sleep</c>), through setpriv, which gives it SIGKILL if the bench dies, and as nobody when asked.
    /// </summary>
    private static Process Sleep(string argv0, bool asNobody)
    {
        var info = new ProcessStartInfo(RaceHarness.FindOnPath("setpriv")!) { UseShellExecute = false, WorkingDirectory = "/" };
        var uid = asNobody ? new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups" } : [];
        foreach (var arg in new[] { "--pdeathsig", "KILL" }.Concat(uid).Concat(["bash", "-c", "exec -a \"$0\" sleep 3600", argv0]))
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("a sleep child did not start");
    }

    private static void Kill(Process child)
    {
        if (!child.HasExited)
        {
            _ = kill(child.Id, SIGCONT);
            _ = kill(child.Id, SIGKILL);
            _ = child.WaitForExit(TimeSpan.FromSeconds(5));
        }

        child.Dispose();
    }

    /// <summary>The first process whose name or command line (its first 4096 characters, as the daemon reads it) matches a shipped allowlist entry.</summary>
    private static string? OtherAllowlisted()
    {
        var entries = Guard.Options.Valve.Allowlist.Select(e => (e.Name, Regex: new Regex(e.Match, RegexOptions.NonBacktracking))).ToList();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out var pid)
                || RaceHarness.ReadProc(pid, "cmdline") is not { } cmdline
                || RaceHarness.ReadProc(pid, "comm") is not { } comm)
            {
                continue;
            }

            var command = cmdline.Replace('\0', ' ').Trim();
            command = command[..Math.Min(command.Length, 4096)];
            if (entries.FirstOrDefault(e => e.Regex.IsMatch(comm.Trim()) || e.Regex.IsMatch(command)) is { Name: { } name })
            {
                return $"pid {pid} ({comm.Trim()}), allowlist entry {name}";
            }
        }

        return null;
    }

    private static void WaitUntil(DateTimeOffset at)
    {
        if (at - DateTimeOffset.UtcNow is { Ticks: > 0 } wait)
        {
            Thread.Sleep(wait);
        }
    }

    private static void Remember(List<string> output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.Add(line);
            }
        }
    }

    private static void Fail(string why, List<string> output)
    {
        Console.Error.WriteLine($"hostile: {why}; the daemon's output:");
        lock (output)
        {
            foreach (var line in output.TakeLast(20))
            {
                Console.Error.WriteLine("  " + line);
            }
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc")]
    private static extern uint geteuid();
}
