using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;
using Xunit.Abstractions;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>The test is systemd: it listens on an abstract Unix datagram socket named by <c>NOTIFY_SOCKET</c> for the built daemon.</summary>
public sealed class WatchdogEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void TheDaemonReportsReadyOnceThenPetsTheWatchdogAtEveryTickWhileItMakesProgress()
    {
        var dataDir = Path.Combine(_box.Dir, "data");
        var started = DateTime.UtcNow;
        var (systemd, daemon) = StartUnderSystemd(dataDir);
        using var _ = systemd;
        var received = Enumerable.Range(0, 4).Select(_ => (Receive(systemd), DateTime.UtcNow)).ToArray();
        output.WriteLine(string.Join(", ", received.Select(r => $"{r.Item1} at +{(r.UtcNow - started).TotalMilliseconds:0} ms")));

        Assert.Equal(["READY=1", "WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"], received.Select(r => r.Item1));
        var gap = received[3].UtcNow - received[1].UtcNow;
        Assert.InRange(gap.TotalSeconds, 1, 6);
        Assert.False(daemon.Process.HasExited, daemon.Output);

        using var beat = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, Ledger.Heartbeat.FileName)));
        var progress = beat.RootElement.GetProperty("progress");
        Assert.Equal("progressing", progress.GetProperty("state").GetString());
        Assert.True(progress.GetProperty("readings").GetInt64() >= 2, progress.ToString());
    }

    [LinuxFact]
    public void ACleanStopSaysStoppingBeforeTheDaemonExits()
    {
        var (systemd, daemon) = StartUnderSystemd(Path.Combine(_box.Dir, "data"));
        using var _ = systemd;
        Assert.Equal("READY=1", Receive(systemd));

        Sandbox.Terminate(daemon.Process);
        var afterTerm = new List<string>();
        while (afterTerm.LastOrDefault() != "STOPPING=1" && afterTerm.Count < 20)
        {
            afterTerm.Add(Receive(systemd));
        }

        output.WriteLine(string.Join(", ", afterTerm));
        Assert.Equal("STOPPING=1", afterTerm[^1]);
        Assert.All(afterTerm[..^1], s => Assert.Equal("WATCHDOG=1", s));
        Assert.Equal(0, daemon.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The built daemon under calm scripted pressure, with <c>NOTIFY_SOCKET</c> naming a socket the test listens on.</summary>
    private (Socket Systemd, Sandbox.Daemon Daemon) StartUnderSystemd(string dataDir)
    {
        var name = $"sanctum-notify-{Guid.NewGuid():N}";
        var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint("\0" + name));
        systemd.ReceiveTimeout = 20_000;
        var config = _box.Write("watchdog.conf", DaemonEndToEndTests.TestConfig(_box.Tag));
        var calm = _box.WriteCalmPressure();
        var daemon = _box.StartDaemon(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = "@" + name }, "--config", config, "--data-dir", dataDir, "--pressure-script", calm);
        return (systemd, daemon);
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[512];
        return Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
    }
}
