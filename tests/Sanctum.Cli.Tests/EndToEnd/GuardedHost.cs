using System.Net.Sockets;
using System.Text;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Cli.Tests.EndToEnd;

/// <summary>Daemon tests share one collection: they are not run beside each other, so tick timings are the daemon's own.</summary>
[CollectionDefinition(Name)]
public sealed class DaemonCollection
{
    public const string Name = "daemon";
}

/// <summary>
/// The built daemon, armed, at ORANGE from a pressure script (tick 1 s, cooldown 2 min), holding one real child
/// frozen: a <c>sleep</c> whose name carries a fresh GUID, the only thing its allowlist matches (besides a denylisted
/// twin, and a running critical). Disposing kills
/// the daemon and the child, also when starting failed.
/// </summary>
public sealed class GuardedHost : IDisposable
{
    public GuardedHost()
    {
        Box = new Sandbox();
        try
        {
            Child = Box.StartChild($"{Box.Tag}-allow");
            Denied = Box.StartChild($"{Box.Tag}-allow-sanctumd");
            Critical = Box.StartChild($"{Box.Tag}-critical");
            var config = Box.Write("test.conf", $$"""
                sanctum {
                  valve {
                    tick = 1s
                    debounce = 1
                    cooldown = 120s
                    allowlist = [ { name = "e2e", match = "{{Box.Tag}}-allow", policy = sigstop-only, min-stop-mb = 0 } ]
                    denylist = [ "sshd", "systemd", "sanctumd" ]
                    shed { tier3 = [], tier2 = [] }
                  }
                  sentinel { criticals = [ "{{Box.Tag}}-critical" ] }
                }
                """);
            var script = Box.Write("pressure.conf", "pressure = [ { at = 0s, available-mb = 3000, swap-used-mb = 0, kernel-level = 1 } ]\n");
            DataDir = Path.Combine(Box.Dir, "data");
            Socket = Path.Combine(Box.Dir, "run", "sanctum.sock");
            Daemon = Box.StartDaemon("--config", config, "--data-dir", DataDir, "--socket", Socket, "--pressure-script", script, "--armed");
            Sandbox.WaitUntil(() => Sandbox.StateOf(Child) == "T", TimeSpan.FromSeconds(30), "the valve to freeze the child");
            Sandbox.WaitUntil(() => File.Exists(Socket), TimeSpan.FromSeconds(10), "the socket");
        }
        catch
        {
            Box.Dispose();
            throw;
        }
    }

    public Sandbox Box { get; }

    public int Child { get; }

    /// <summary>Matched by the allowlist, but its command line holds the denylisted word <c>sanctumd</c>.</summary>
    public int Denied { get; }

    /// <summary>Running, and matched by the sentinel's criticals.</summary>
    public int Critical { get; }

    public string DataDir { get; } = "";

    public string Socket { get; } = "";

    public Sandbox.Daemon Daemon { get; } = null!;

    public Task<ClientRun> Client(params string[] args) => BuiltClient.RunAsync([.. args, "--socket", Socket]);

    /// <summary>Sends <paramref name="payload"/> as is on a fresh connection and returns the first reply line.</summary>
    public async Task<string?> Raw(byte[] payload)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket));
        await using var stream = new NetworkStream(socket);
        await stream.WriteAsync(payload);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await reader.ReadLineAsync(timeout.Token);
    }

    public void Dispose() => Box.Dispose();
}
