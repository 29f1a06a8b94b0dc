using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>The built daemon's metrics, scraped and received over 127.0.0.1 while it holds a real child frozen.</summary>
public sealed class MetricsEndToEndTests : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(25);
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void ThePrometheusEndpointShowsTheFrozenChildAndTheFreeze()
    {
        var child = _box.StartChild($"{_box.Tag}-allow");
        var port = FreePort();
        var daemon = StartArmed($"metrics {{ prometheus = \"127.0.0.1:{port}\" }}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        daemon.WaitUntil(() => Sandbox.StateOf(child) == "T", Soon, "the freeze");

        // The level and memory gauges are read from the valve once a tick, so they may trail the freeze by one.
        var text = "";
        daemon.WaitUntil(
            () => Has(text = Scrape(http, port), "sanctum_frozen_processes", "", "1") && Has(text, "sanctum_pressure_level", "", "2"),
            TimeSpan.FromSeconds(10), "sanctum_frozen_processes 1 and sanctum_pressure_level 2 on the endpoint");

        Assert.True(Has(text, "sanctum_actions_total", "event=\"freeze\"", "1"), text);
        Assert.True(Has(text, "sanctum_actions_total", "outcome=\"applied\"", "1"), text);
        Assert.True(Has(text, "sanctum_memory_available_bytes", "", (3000L * 1024 * 1024).ToString()), text);
        Assert.True(Has(text, "sanctum_ledger_up", "", "1"), text);
        Assert.True(Has(text, "sanctum_reaction_seconds_count", "", "1"), text);
    }

    [LinuxFact]
    public void OtlpIsPushedToTheReceiver()
    {
        var child = _box.StartChild($"{_box.Tag}-allow");
        var port = FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var body = Receive(receiver);
        var daemon = StartArmed($"metrics {{ otlp = \"http://127.0.0.1:{port}\" }}");

        daemon.WaitUntil(() => body.IsCompleted, Soon, "an OTLP export");
        var (path, contentType, bytes) = body.Result;
        Assert.Equal("/v1/metrics", path);
        Assert.Equal("application/x-protobuf", contentType);
        Assert.Contains("sanctum.pressure.level", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.NotEqual("gone", Sandbox.StateOf(child));
    }

    private static async Task<(string Path, string? ContentType, byte[] Body)> Receive(HttpListener receiver)
    {
        var context = await receiver.GetContextAsync();
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        context.Response.StatusCode = 200;
        context.Response.Close();
        return (context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray());
    }

    /// <summary>A sample line of <paramref name="metric"/> whose labels contain <paramref name="label"/>, with <paramref name="value"/>.</summary>
    private static bool Has(string text, string metric, string label, string value) =>
        Regex.IsMatch(text, $@"^{metric}(\{{[^}}]*{Regex.Escape(label)}[^}}]*\}})? {Regex.Escape(value)}( |$)", RegexOptions.Multiline);

    private static string Scrape(HttpClient http, int port)
    {
        try
        {
            return http.GetStringAsync($"http://127.0.0.1:{port}/metrics").GetAwaiter().GetResult();
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private Sandbox.Daemon StartArmed(string metrics)
    {
        var config = DaemonEndToEndTests.TestConfig(_box.Tag).TrimEnd().TrimEnd('}') + $"  {metrics}\n}}\n";
        return _box.StartDaemon(
            "--config", _box.Write("test.conf", config), "--data-dir", Path.Combine(_box.Dir, "data"),
            "--pressure-script", _box.Write("pressure.conf", """
                pressure = [
                  { at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 }
                  { at = 1s, available-mb = 3000 }
                ]
                """),
            "--armed");
    }
}
