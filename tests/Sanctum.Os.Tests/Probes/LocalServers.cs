using System.Net;
using System.Net.Sockets;
using System.Text;
using Sanctum.Policy.Options;
using Sanctum.Ports;

namespace Sanctum.Os.Tests.Probes;

/// <summary>A TCP listener on 127.0.0.1 at an ephemeral port, accepting until disposed.</summary>
internal sealed class LocalListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    /// <param name="answer">What to do with each accepted connection; by default nothing (it is closed).</param>
    public LocalListener(Func<TcpClient, CancellationToken, Task>? answer = null)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptAsync(answer ?? ((client, _) =>
        {
            client.Dispose();
            return Task.CompletedTask;
        }));
    }

    public int Port { get; }

    public string Target => $"127.0.0.1:{Port}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
    }

    private async Task AcceptAsync(Func<TcpClient, CancellationToken, Task> answer)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = answer(client, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped by the test.
        }
    }
}

/// <summary>A minimal HTTP/1.1 responder over <see cref="LocalListener"/>: every request gets <c>status</c>, or no answer at all.</summary>
internal static class HttpResponder
{
    public static LocalListener Answering(int status) => new(async (client, stop) =>
    {
        using (client)
        {
            var stream = client.GetStream();
            await ReadHeadersAsync(stream, stop);
            var response = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(response, stop);
        }
    });

    public static LocalListener Silent() => new(async (client, stop) =>
    {
        using (client)
        {
            await ReadHeadersAsync(client.GetStream(), stop);
            await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    });

    private static async Task ReadHeadersAsync(NetworkStream stream, CancellationToken stop)
    {
        var seen = new StringBuilder();
        var buffer = new byte[1024];
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, stop);
            if (n == 0)
                return;
            seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
    }
}

/// <summary>A real probe port that also notes when each probe run started.</summary>
internal sealed class TimedProbePort(IProbePort inner) : IProbePort
{
    private readonly List<long> _starts = [];

    public IReadOnlyList<long> Starts
    {
        get
        {
            lock (_starts)
                return [.. _starts];
        }
    }

    public Task<ProbeResult> RunAsync(ProbeOptions probe, CancellationToken cancel)
    {
        lock (_starts)
            _starts.Add(System.Diagnostics.Stopwatch.GetTimestamp());
        return inner.RunAsync(probe, cancel);
    }

    public Task<ProbeResult> RunCommandAsync(string command, TimeSpan timeout) => inner.RunCommandAsync(command, timeout);
}

internal static class Probe
{
    public static ProbeOptions Of(ProbeKind kind, string target, TimeSpan? every = null, TimeSpan? timeout = null, IReadOnlyList<string>? recover = null) =>
        new("test-service", null, kind, target, every ?? TimeSpan.FromSeconds(60), timeout ?? TimeSpan.FromSeconds(2), 3, recover ?? [], TimeSpan.FromHours(1), null, 3);
}
