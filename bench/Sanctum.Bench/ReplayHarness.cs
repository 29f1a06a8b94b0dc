using System.Diagnostics;
using System.Globalization;
using System.Text;
using Sanctum.Actors.Root;
using Sanctum.Replay;

namespace Sanctum.Bench;

/// <summary>
/// A day on a busy host in virtual time: 500 processes (allowlisted models and VMs, denylisted daemons,
/// plain workers, some coming and going), three shed tiers, and pressure flapping between GREEN, ORANGE and
/// RED every few minutes. Timed from the scenario text to the last decision, as <c>sanctum replay</c> runs it.
/// </summary>
internal static class ReplayHarness
{
    private static readonly TimeSpan Duration = TimeSpan.FromHours(24);

    public static void Run(bool quick, Metrics metrics)
    {
        var text = ScenarioText(500, seed: 7);
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < (quick ? 1 : 3); run++)
        {
            var clock = Stopwatch.StartNew();
            var loaded = ScenarioLoader.Load(text, "bench-24h-500.conf");
            if (!loaded.Ok)
            {
                throw new InvalidOperationException("generated scenario does not load: " + string.Join("; ", loaded.Errors));
            }

            var result = ReplayEngine.Run(loaded.Scenario!, GuardSettings.From(loaded.Options!, []));
            clock.Stop();
            var summary = ReplayReport.Summarize(result);
            Console.WriteLine($"replay run {run + 1}: {clock.Elapsed.TotalSeconds:0.00} s wall, {result.Decisions.Count:N0} decisions, " +
                              $"SIGSTOP {summary.Signals["SIGSTOP"]}, SIGCONT {summary.Signals["SIGCONT"]}, SIGKILL {summary.Signals["SIGKILL"]}, {summary.Sheds} sheds");
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        metrics.Add("replay-speedup", Duration.TotalSeconds / best.TotalSeconds, "x");
        metrics.Add("replay-24h-500-wall-s", best.TotalSeconds, "s");
    }

    private static string ScenarioText(int processes, int seed)
    {
        var random = new Random(seed);
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"name = \"bench: {Duration.TotalHours:0} h, {processes} processes, flapping pressure\"");
        s.AppendLine(CultureInfo.InvariantCulture, $"duration = {Duration.TotalSeconds:0}s");
        s.AppendLine("processes = [");
        for (var i = 0; i < processes; i++)
        {
            var pid = 3_000 + i;
            var (name, command, rss) = random.Next(20) switch
            {
                0 => ("ollama", $"/usr/local/bin/ollama runner --model m{i}", random.Next(2_500, 12_000)),
                1 => ("qemu-system-x86_64", $"/usr/bin/qemu-system-x86_64 -m 8192 -name vm{i}", random.Next(4_500, 12_000)),
                2 => ("node", $"/home/neo/.lmstudio/.internal/utils/node llmworker-{i}.js", random.Next(2_500, 10_000)),
                3 => ("sshd", $"sshd: user{i}@pts/{i}", 8),
                _ => ($"worker-{i % 37}", $"/usr/bin/worker-{i % 37} --serve --port {8_000 + i}", random.Next(20, 1_500)),
            };
            var churn = random.Next(25) == 0
                ? $", appears-at = {random.Next(0, 600)}m, exits-at = {random.Next(600, 1_440)}m"
                : "";
            s.AppendLine(CultureInfo.InvariantCulture, $"  {{ pid = {pid}, name = \"{name}\", command = \"{command}\", rss-mb = {rss}{churn} }}");
        }

        s.AppendLine("]");
        s.AppendLine("""
            services = [
              { label = "com.sanctum.kiwix-serve", tier = 3, pid = 2001, name = "kiwix-serve", rss-mb = 300, respawn-after = 10m }
              { label = "com.sanctum.reranker", tier = 3, pid = 2002, name = "reranker", rss-mb = 1000, respawn-after = 20m }
              { label = "com.sanctum.memory-vault", tier = 2, pid = 2003, name = "memory-vault", rss-mb = 50, respawn-after = 15m }
            ]
            """);
        s.AppendLine("pressure = [");
        for (var at = TimeSpan.Zero; at < Duration; at += TimeSpan.FromMinutes(random.Next(2, 9)))
        {
            var (available, swap, kernel) = random.Next(3) switch
            {
                0 => (30_000, 2_000, 1),
                1 => (3_500, 20_000, 2),
                _ => (1_500, 31_500, 4),
            };
            s.AppendLine(CultureInfo.InvariantCulture, $"  {{ at = {at.TotalSeconds:0}s, available-mb = {available}, swap-used-mb = {swap}, kernel-level = {kernel}, compressor-mb = 4000 }}");
        }

        s.AppendLine("]");
        return s.ToString();
    }
}
