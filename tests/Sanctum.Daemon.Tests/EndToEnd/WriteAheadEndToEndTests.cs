using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Sanctum.Configuration;
using Sanctum.Ledger;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>
/// What the built daemon froze or acknowledged is never lost: kill -9 right after a real SIGSTOP (before the
/// journal can have it) and the restart still thaws the child; SIGTERM after thousands of decisions and all
/// of them are on disk.
/// </summary>
[Collection(CrashSafetyTests.Collection)]
public sealed class WriteAheadEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(20);

    /// <summary>The daemon's start plus the valve's wait for the ledger's seed (up to 10 s), on a loaded host.</summary>
    private static readonly TimeSpan FirstFreeze = TimeSpan.FromSeconds(45);
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    private string DataDir => Path.Combine(_box.Dir, "data");

    private string Config() => _box.Write("wal.conf", DaemonEndToEndTests.TestConfig(_box.Tag));

    private string Pressure(string name, string samples) => _box.Write(name, $"pressure = [ {samples} ]");

    /// <summary>
    /// Each round spins on /proc until the child is stopped and kills the daemon at once: most rounds land before the
    /// journal write (the output counts them), which left the child stopped for good before the write-ahead holds.
    /// A round costs ~15-20 s on a loaded host (the valve's first freeze waits for the ledger's seed).
    /// </summary>
    [LinuxFact]
    public void AKillRightAfterTheStopNeverLeavesTheChildStopped()
    {
        const int rounds = 3;
        var config = Config();
        var orange = Pressure("orange.conf", "{ at = 0s, available-mb = 3000, swap-used-mb = 0, kernel-level = 1 }");
        var calm = _box.WriteCalmPressure();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            var child = _box.StartChild($"{_box.Tag}-allow-{round}");
            var started = clock.Elapsed;
            var freezing = _box.StartDaemon("--config", config, "--data-dir", DataDir, "--pressure-script", orange, "--armed");
            SpinUntilStopped(child, freezing);
            Sandbox.Crash(freezing.Process);
            Assert.Equal("T", Sandbox.StateOf(child));
            var crashed = clock.Elapsed;

            var restarted = _box.StartDaemon("--config", config, "--data-dir", DataDir, "--pressure-script", calm, "--armed");
            restarted.WaitUntil(() => Sandbox.StateOf(child) == "S", Soon, $"round {round}: the restart to thaw the child");
            var thawed = clock.Elapsed;
            Sandbox.Crash(restarted.Process);
            output.WriteLine($"round {round}: start to stop-and-kill {(crashed - started).TotalSeconds:0.0} s, restart to thaw {(thawed - crashed).TotalSeconds:0.0} s");
            Process.GetProcessById(child).Kill();
        }

        var unjournaled = CrashSafetyTests.ReadLog(DataDir).Split('\n').Count(l => l.Contains("reconcile ", StringComparison.Ordinal) && l.Contains("before it journaled", StringComparison.Ordinal));
        output.WriteLine($"{rounds} kill -9 right after SIGSTOP: every child thawed by the restart; {unjournaled} found only in the write-ahead holds; {clock.ElapsedMilliseconds} ms");
    }

    [LinuxFact]
    public async Task ASigtermAfterThousandsOfAcknowledgedDecisionsLeavesThemAllOnDisk()
    {
        const int requests = 3_000;
        var socketPath = Path.Combine(_box.Dir, "s.sock");
        var calm = _box.WriteCalmPressure();
        var daemon = _box.StartDaemon("--config", Config(), "--data-dir", DataDir, "--pressure-script", calm, "--socket", socketPath);
        daemon.WaitUntil(() => File.Exists(socketPath), Soon, "the client socket");

        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 10_000 })
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
            using var stream = new NetworkStream(socket);
            using var replies = new StreamReader(stream, Encoding.UTF8);
            for (var i = 0; i < requests; i++)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(i % 2 == 0 ? "{\"command\":\"arm\"}\n" : "{\"command\":\"disarm\"}\n"));
                using var reply = JsonDocument.Parse(await replies.ReadLineAsync() ?? "{}");
                Assert.True(reply.RootElement.GetProperty("ok").GetBoolean(), reply.RootElement.ToString());
            }
        }

        Sandbox.Terminate(daemon.Process);
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(30)));

        var state = await ReadLedgerAsync();
        var arming = state.Recent.Count(d => d.Action is "arm" or "disarm");
        output.WriteLine($"{requests} acknowledged arm/disarm, then SIGTERM: {state.Decisions} decisions on disk, the last {arming} kept in the trail all arm/disarm");
        Assert.True(state.Decisions >= requests, $"{state.Decisions} decisions on disk");
        Assert.Equal(Math.Min(requests, LedgerState.RecentKept), arming);
    }

    private static void SpinUntilStopped(int child, Sandbox.Daemon daemon)
    {
        var clock = Stopwatch.StartNew();
        // 1 ms polls: close enough to the stop, and no busy loop starving the daemon on a small host.
        while (Sandbox.StateOf(child) != "T")
        {
            Assert.True(clock.Elapsed < FirstFreeze && !daemon.Process.HasExited, $"the freeze never came; output:\n{daemon.Output}");
            Thread.Sleep(1);
        }
    }

    private async Task<LedgerState> ReadLedgerAsync()
    {
        var db = LedgerSetup.Prepare(new PersistenceOptions("SQLite.MS", ""), DataDir);
        Assert.True(db.Usable, db.Problem);
        var system = ActorSystem.Create("read-ledger", LedgerSetup.Hocon(db));
        try
        {
            var ledger = system.ActorOf(LedgerSupervisor.Props(LedgerSettings.For(TimeSpan.FromSeconds(2), db)));
            return await ledger.Ask<LedgerState>(GetLedgerState.Instance, TimeSpan.FromSeconds(30));
        }
        finally
        {
            await system.Terminate();
        }
    }

}
