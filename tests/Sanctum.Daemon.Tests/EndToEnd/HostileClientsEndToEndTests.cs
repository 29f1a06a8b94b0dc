using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>The built daemon's client socket flooded with requests it cannot read: each is answered and its slot freed.</summary>
public sealed class HostileClientsEndToEndTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public async Task MoreInvalidUtf8RequestsThanSlotsAreEachAnsweredAndStatusStillAnswers()
    {
        var script = _box.Write("pressure.conf", "pressure = [ { at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 } ]\n");
        var socketPath = Path.Combine(_box.Dir, "s.sock");
        var daemon = _box.StartDaemon("--data-dir", Path.Combine(_box.Dir, "data"), "--pressure-script", script, "--socket", socketPath);
        daemon.WaitUntil(() => File.Exists(socketPath), TimeSpan.FromSeconds(20), "the client socket");

        byte[] request = [.. Encoding.ASCII.GetBytes("{\"command\":\""), 0xff, 0xfe, .. Encoding.ASCII.GetBytes("\"}\n")];
        for (var i = 0; i < 300; i++)
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { ReceiveTimeout = 5000 };
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
            await socket.SendAsync(request);
            var reply = ReadLine(socket);
            using var json = JsonDocument.Parse(reply);
            Assert.False(json.RootElement.GetProperty("ok").GetBoolean(), $"request {i}: {reply}");
        }

        var status = _box.StartClient("status", "--socket", socketPath);
        Assert.True(status.WaitForExit(TimeSpan.FromSeconds(15)) == 0, $"sanctum status failed:\n{status.Output}\ndaemon:\n{daemon.Output}");
    }

    private static string ReadLine(Socket socket)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (socket.Receive(one) == 1 && one[0] != (byte)'\n')
        {
            line.Add(one[0]);
        }

        return Encoding.UTF8.GetString([.. line]);
    }
}
