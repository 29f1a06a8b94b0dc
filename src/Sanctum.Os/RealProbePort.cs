using System.Globalization;
using System.Net.Sockets;
using Sanctum.Policy.Options;
using Sanctum.Ports;

namespace Sanctum.Os;

/// <summary>
/// Service probes against the real host: a TCP connect, an HTTP GET (2xx), or a command through
/// <c>/bin/sh -c</c> (exit 0), each within the probe's timeout. A command past its timeout is killed with its
/// whole process tree, so a hung check never outlives its probe.
/// </summary>
public sealed class RealProbePort(ICommandRunner runner) : IProbePort
{
    // One client for every probe; the timeout is per request (its token), not the client's.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public Task<ProbeResult> RunAsync(ProbeOptions probe, CancellationToken cancel) => probe.Kind switch
    {
        ProbeKind.Tcp => ConnectAsync(probe.Target, probe.Timeout, cancel),
        ProbeKind.Http => GetAsync(probe.Target, probe.Timeout, cancel),
        _ => RunCommandAsync(probe.Target, probe.Timeout),
    };

    public async Task<ProbeResult> RunCommandAsync(string command, TimeSpan timeout)
    {
        var result = await runner.RunAsync("/bin/sh", ["-c", command], timeout).ConfigureAwait(false);
        return new ProbeResult(result.Succeeded, result.ToString());
    }

    private static async Task<ProbeResult> ConnectAsync(string target, TimeSpan timeout, CancellationToken cancel)
    {
        var colon = target.LastIndexOf(':');
        var host = target[..colon].Trim('[', ']');
        var port = int.Parse(target[(colon + 1)..], CultureInfo.InvariantCulture);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
            return new ProbeResult(true, $"connected to {target}");
        }
        catch (OperationCanceledException)
        {
            return new ProbeResult(false, $"no connection to {target} within {timeout.TotalSeconds:0.###} s");
        }
        catch (SocketException e)
        {
            return new ProbeResult(false, $"{target}: {e.SocketErrorCode}");
        }
    }

    private static async Task<ProbeResult> GetAsync(string url, TimeSpan timeout, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            return new ProbeResult(status is >= 200 and < 300, $"GET {url}: HTTP {status}");
        }
        catch (OperationCanceledException)
        {
            return new ProbeResult(false, $"GET {url}: no answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, $"GET {url}: {e.Message}");
        }
    }
}
