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
        var script = _box.WriteCalmPressure();
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

    [LinuxFact]
    public async Task WithEverySlotHeldBySilentClientsAPersonsCommandsStillAnswer()
    {
        var (daemon, socketPath) = Start();
        var silent = new List<Socket>();
        using var stop = new CancellationTokenSource();
        // A hundred silent clients a second keep arriving while the person's commands run: faster than the idle
        // timeout frees slots (256 per 5 s), so without shedding every slot stays taken.
        var flood = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var socket = await ConnectPatiently(socketPath);
                lock (silent)
                {
                    silent.Add(socket);
                }

                await Task.Delay(10);
            }
        });
        try
        {
            Sandbox.WaitUntil(
                () =>
                {
                    lock (silent)
                    {
                        return silent.Count >= 300;
                    }
                },
                TimeSpan.FromSeconds(30),
                "300 silent clients");
            foreach (var command in new[] { "status", "disarm" })
            {
                var client = _box.StartClient(command, "--socket", socketPath);
                var exit = client.WaitForExit(TimeSpan.FromSeconds(15));
                Assert.True(exit == 0, $"sanctum {command} exited {exit}:\n{client.Output}\ndaemon:\n{daemon.Output}");
            }
        }
        finally
        {
            await stop.CancelAsync();
            await flood;
            silent.ForEach(s => s.Dispose());
        }
    }

    [LinuxFact]
    public void ARegularFileAtTheSocketPathIsLeftAloneAndNamed()
    {
        var socketPath = _box.Write("not-a-socket", "precious");
        var (daemon, _) = Start(socketPath);

        daemon.WaitUntil(() => daemon.Output.Contains("could not be opened", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the socket's refusal");

        Assert.Contains($"{socketPath} is there and is not a socket; it is left alone", daemon.Output, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(socketPath));
    }

    /// <summary>A full backlog refuses a connect (EAGAIN) until the daemon has accepted the ones before it.</summary>
    private static async Task<Socket> ConnectPatiently(string socketPath)
    {
        for (var attempt = 0; ; attempt++)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
                return socket;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock && attempt < 500)
            {
                socket.Dispose();
                await Task.Delay(20);
            }
        }
    }

    private (Sandbox.Daemon Daemon, string Socket) Start(string? socketPath = null)
    {
        var script = _box.WriteCalmPressure();
        socketPath ??= Path.Combine(_box.Dir, "s.sock");
        var daemon = _box.StartDaemon("--data-dir", Path.Combine(_box.Dir, "data"), "--pressure-script", script, "--socket", socketPath);
        if (!File.Exists(socketPath))
        {
            daemon.WaitUntil(() => File.Exists(socketPath), TimeSpan.FromSeconds(20), "the client socket");
        }

        return (daemon, socketPath);
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
