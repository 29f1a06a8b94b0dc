using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Cli.Tests.EndToEnd;

/// <summary>Every daemon command of the built client against the built daemon holding a real frozen child.</summary>
[Collection(DaemonCollection.Name)]
public sealed class ClientEndToEndTests(GuardedHost host, ITestOutputHelper output) : IClassFixture<GuardedHost>
{
    [LinuxFact]
    public async Task StatusJsonHasTheLevelItsSignalsTheModeAndTheFrozenCount()
    {
        var status = Json(await host.Client("status", "--json"));

        Assert.Equal(
            ["version", "pid", "started_at", "uptime_seconds", "tick_seconds", "level", "signals", "armed", "dry_run", "episode_stage", "last_action", "frozen_count", "ineffective_targets", "persistence", "reading", "progress", "last_arming"],
            status.EnumerateObject().Select(p => p.Name));
        Assert.Equal("ORANGE", status.GetProperty("level").GetString());
        Assert.Equal(3000, status.GetProperty("signals").GetProperty("available_mb").GetInt64());
        Assert.True(status.GetProperty("armed").GetBoolean());
        Assert.False(status.GetProperty("dry_run").GetBoolean());
        Assert.Equal(1, status.GetProperty("frozen_count").GetInt32());
        Assert.Equal("ok", status.GetProperty("persistence").GetString());
        // Pressure comes from the script; the sampler is woken by PSI triggers where the kernel allows, else by headroom.
        Assert.Matches("ScriptedPressure; (woken by PSI triggers|polling by headroom)", status.GetProperty("reading").GetString());
        Assert.Equal(host.Daemon.Process.Id, status.GetProperty("pid").GetInt32());
        Assert.Equal(1.0, status.GetProperty("tick_seconds").GetDouble());
        Assert.Equal(["at", "what", "outcome"], status.GetProperty("last_action").EnumerateObject().Select(p => p.Name));

        var table = await host.Client("status");
        Assert.Equal(0, table.ExitCode);
        Assert.StartsWith("protecting: armed since ", table.Stdout);
        Assert.Contains("ORANGE", table.Stdout);
        Assert.Contains("armed", table.Stdout);
    }

    [LinuxFact]
    public async Task ActorsIsTheLiveHierarchyWithTypes()
    {
        var root = Json(await host.Client("actors", "--json"));

        Assert.Equal(["path", "type", "children", "omitted"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("/user", root.GetProperty("path").GetString());
        var all = Flatten(root).ToDictionary(n => n.GetProperty("path").GetString()!, n => n.GetProperty("type").GetString());
        Assert.Equal("CliGateway", all["/user/cli"]);
        Assert.Equal("SanctumSupervisor", all["/user/sanctum"]);
        Assert.Equal("ValveActor", all["/user/sanctum/valve"]);
        var processes = Flatten(root).Single(n => n.GetProperty("path").GetString() == "/user/sanctum/processes");
        Assert.InRange(processes.GetProperty("children").GetArrayLength(), 1, 50);
        Assert.All(processes.GetProperty("children").EnumerateArray(), c => Assert.Equal("ProcessActor", c.GetProperty("type").GetString()));

        var tree = await host.Client("actors");
        Assert.Contains("/user/sanctum/processes ProcessRegistry", tree.Stdout);
    }

    [LinuxFact]
    public async Task PsShowsTheChildFrozenByTheValveWithItsLease()
    {
        var ps = Json(await host.Client("ps", "--json"));

        var child = ps.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == host.Child);
        Assert.Equal(
            ["pid", "start", "name", "rss_mb", "state", "owner", "until", "note", "critical", "allowlisted", "freezes_last_hour"],
            child.EnumerateObject().Select(p => p.Name));
        Assert.Equal("frozen-by-valve", child.GetProperty("owner").GetString());
        Assert.Equal("T", child.GetProperty("state").GetString());
        Assert.True(child.GetProperty("until").GetDateTime() > DateTime.UtcNow);
        Assert.True(child.GetProperty("allowlisted").GetBoolean());
        Assert.Equal(1, child.GetProperty("freezes_last_hour").GetInt32());

        var all = Json(await host.Client("ps", "--all", "--json")).GetProperty("processes").GetArrayLength();
        Assert.True(all > ps.GetProperty("processes").GetArrayLength(), "--all lists every process");
        Assert.Contains(host.Child.ToString(), (await host.Client("ps")).Stdout);
    }

    [LinuxFact]
    public async Task PsShowsTheCriticalFlagInItsOwnColumn()
    {
        var ps = (await host.Client("ps")).Stdout;

        var header = Cells(ps.Split('\n').First(l => l.Contains("PID")));
        var row = Cells(ps.Split('\n').First(l => l.Contains($" {host.Critical} ")));
        Assert.Equal(header.Length, row.Length);
        Assert.Equal("yes", row[Array.IndexOf(header, "CRITICAL")]);
        Assert.Equal("sleep", row[Array.IndexOf(header, "NAME")]);
    }

    [LinuxFact]
    public async Task WhyOfADenylistedProcessNamesTheEntryThatDeniedIt()
    {
        var why = await host.Client("why", host.Denied.ToString());

        Assert.Equal(0, why.ExitCode);
        Assert.Contains($"pid {host.Denied} is never signalled: denied by denylist \"sanctumd\"", why.Stdout);
        var ps = Json(await host.Client("ps", "--json")).GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == host.Denied);
        Assert.Equal("denied", ps.GetProperty("owner").GetString());
    }

    [LinuxFact]
    public async Task WhyIsTheDecisionTrailOfTheChild()
    {
        var why = Json(await host.Client("why", host.Child.ToString(), "--json"));

        var freeze = why.GetProperty("decisions").EnumerateArray().First();
        Assert.Equal(
            ["at", "kind", "pid", "start", "target", "action", "by", "outcome", "reason", "level"],
            freeze.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("signal", "SIGSTOP", "valve", "applied", "ORANGE"), (
            freeze.GetProperty("kind").GetString(), freeze.GetProperty("action").GetString(), freeze.GetProperty("by").GetString(),
            freeze.GetProperty("outcome").GetString(), freeze.GetProperty("level").GetString()));
        Assert.Equal(host.Child, freeze.GetProperty("pid").GetInt32());

        var other = Json(await host.Client("why", "999999999", "--json"));
        Assert.Equal(0, other.GetProperty("decisions").GetArrayLength());
        Assert.Contains("SIGSTOP", (await host.Client("why", host.Child.ToString())).Stdout);
    }

    [LinuxFact]
    public async Task HistoryHasTheLevelChangeAndTheFreeze()
    {
        var kinds = Json(await host.Client("history", "--since", "1h", "--json")).GetProperty("decisions").EnumerateArray()
            .Select(d => d.GetProperty("kind").GetString()).ToArray();

        Assert.Contains("level", kinds);
        Assert.Contains("signal", kinds);
        Assert.NotEqual(0, (await host.Client("history", "--since", "soon")).ExitCode);
    }

    [LinuxFact]
    public async Task DisarmAndArmSwitchDryRunAtRunTimeAndAreRecordedAsTheUser()
    {
        try
        {
            var disarmed = Json(await host.Client("disarm", "--json"));
            Assert.Equal(["at", "armed", "dry_run", "by"], disarmed.EnumerateObject().Select(p => p.Name));
            Assert.True(disarmed.GetProperty("dry_run").GetBoolean());
            Assert.True(Json(await host.Client("status", "--json")).GetProperty("dry_run").GetBoolean());
            var at = disarmed.GetProperty("at").GetDateTime().ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");
            Assert.StartsWith($"only watching: dry-run since {at}", (await host.Client("status")).Stdout);
        }
        finally
        {
            var armed = Json(await host.Client("arm", "--json"));
            Assert.True(armed.GetProperty("armed").GetBoolean());
        }

        var arming = Json(await host.Client("history", "--json")).GetProperty("decisions").EnumerateArray()
            .Where(d => d.GetProperty("kind").GetString() == "arming").Select(d => (d.GetProperty("action").GetString(), d.GetProperty("by").GetString())).ToArray();
        Assert.Equal([("disarm", "user"), ("arm", "user")], arming[^2..]);
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void TheSocketIs0600InA0700Folder()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(host.Socket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(host.Socket)!));
    }

    [LinuxFact]
    public async Task GarbageOversizeUnknownAndSilentClientsGetErrorRepliesAndTheDaemonKeepsAnswering()
    {
        Assert.StartsWith("""{"ok":false,"error":"malformed JSON""", await host.Raw("not json\n"u8.ToArray()));
        Assert.StartsWith("""{"ok":false,"error":"request too large""", await host.Raw(Encoding.UTF8.GetBytes(new string('x', 70 * 1024) + "\n")));
        Assert.StartsWith("{\"ok\":false,\"error\":\"unknown command \\\"dance\\\"", await host.Raw("{\"command\":\"dance\"}\n"u8.ToArray()));
        Assert.StartsWith("""{"ok":false,"error":"no request within""", await host.Raw([]));
        Assert.StartsWith("""{"ok":true,"data":{"version""", await host.Raw("{\"command\":\"status\"}\n"u8.ToArray()));
        Assert.Equal(0, (await host.Client("status")).ExitCode);
    }

    [LinuxFact]
    public async Task TopRefreshesForABoundedCount()
    {
        var top = await host.Client("top", "--count", "2");

        Assert.Equal(0, top.ExitCode);
        Assert.Contains("ORANGE", top.Stdout);
    }

    [LinuxFact]
    public async Task StatusWallTimeAgainstARunningDaemon()
    {
        await host.Client("status", "--json");
        var times = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            Assert.Equal(0, (await host.Client("status", "--json")).ExitCode);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        output.WriteLine($"sanctum status --json wall time: median {(times[4] + times[5]) / 2:0} ms, min {times[0]:0} ms, max {times[^1]:0} ms");
    }

    /// <summary>100 clients asking status at once, for a few ticks; the tick spacing comes from the heartbeat's time field.</summary>
    [LinuxFact]
    public async Task AHundredConcurrentStatusCallsDoNotStretchTheTick()
    {
        var beats = new ConcurrentDictionary<DateTime, bool>();
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (HeartbeatTime() is { } t)
                {
                    beats.TryAdd(t, true);
                }

                await Task.Delay(20);
            }
        });

        var replies = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(host.Socket));
            await using var stream = new NetworkStream(socket);
            using var reader = new StreamReader(stream);
            while (clock.Elapsed < TimeSpan.FromSeconds(6))
            {
                await stream.WriteAsync("{\"command\":\"status\"}\n"u8.ToArray());
                var line = await reader.ReadLineAsync();
                Assert.StartsWith("{\"ok\":true", line);
                Interlocked.Increment(ref replies);
            }
        })));
        await stop.CancelAsync();
        await watcher;

        var times = beats.Keys.Order().ToArray();
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds).Order().ToArray();
        Assert.True(gaps.Length >= 3, $"only {times.Length} heartbeats in 6 s");
        var p99 = gaps[(int)Math.Ceiling(0.99 * gaps.Length) - 1];
        output.WriteLine($"{replies} status replies to 100 concurrent clients in {clock.Elapsed.TotalSeconds:0.0} s; tick spacing p50 {gaps[gaps.Length / 2]:0} ms, p99 {p99:0} ms, max {gaps[^1]:0} ms over {gaps.Length} gaps");
        Assert.True(gaps[^1] < 5000, $"a tick gap of {gaps[^1]:0} ms at a 1 s tick");
    }

    private DateTime? HeartbeatTime()
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(host.DataDir, "heartbeat.json")));
            return json.RootElement.GetProperty("time").GetDateTime();
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }

    [RootFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task AnotherUserWhoCanReachTheSocketIsRefusedAndTheDaemonKeepsAnswering()
    {
        const int Nobody = 65534;

        // The first guard: the folder (0700) and the socket (0600) keep another user out.
        var shut = await BuiltClient.RunAsUserAsync(Nobody, "status", "--socket", host.Socket);
        Assert.True(shut.ExitCode == 2, $"exit {shut.ExitCode}: {shut.Stdout}{shut.Stderr}");

        // The second, with the modes loosened by hand: the daemon checks the peer's uid.
        var socketDir = Path.GetDirectoryName(host.Socket)!;
        var modes = new[] { host.Box.Dir, socketDir, host.Socket }.ToDictionary(p => p, File.GetUnixFileMode);
        try
        {
            File.SetUnixFileMode(host.Box.Dir, Sandbox.WorldReadableFolder);
            File.SetUnixFileMode(socketDir, Sandbox.WorldReadableFolder);
            File.SetUnixFileMode(host.Socket, (UnixFileMode)0b110_110_110);

            var reached = await BuiltClient.RunAsUserAsync(Nobody, "status", "--socket", host.Socket);

            Assert.True(reached.ExitCode == 1, $"exit {reached.ExitCode}: {reached.Stdout}{reached.Stderr}");
            Assert.Contains("refused: only the daemon's own user may connect", reached.Stderr);
        }
        finally
        {
            foreach (var (path, mode) in modes)
            {
                File.SetUnixFileMode(path, mode);
            }
        }

        Assert.Equal("ORANGE", Json(await host.Client("status", "--json")).GetProperty("level").GetString());
    }

    private static JsonElement Json(ClientRun run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        return JsonDocument.Parse(run.Stdout).RootElement.Clone();
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement node) =>
        node.GetProperty("children").EnumerateArray().SelectMany(Flatten).Prepend(node);

    private static string[] Cells(string tableLine) =>
        tableLine.Split('│', StringSplitOptions.TrimEntries)[1..^1];
}
