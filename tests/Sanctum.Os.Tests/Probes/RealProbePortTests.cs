using Sanctum.Policy.Options;
using Xunit;

namespace Sanctum.Os.Tests.Probes;

/// <summary>The real probe port against listeners and servers on 127.0.0.1 and real commands.</summary>
public sealed class RealProbePortTests
{
    private readonly RealProbePort _port = new(new ProcessCommandRunner());

    [Fact]
    public async Task TcpPassesWhileSomethingListensAndFailsOnceItStops()
    {
        var listener = new LocalListener();
        var target = listener.Target;

        var up = await _port.RunAsync(Probe.Of(ProbeKind.Tcp, target), CancellationToken.None);
        listener.Dispose();
        var down = await _port.RunAsync(Probe.Of(ProbeKind.Tcp, target), CancellationToken.None);

        Assert.True(up.Passed, up.Detail);
        Assert.False(down.Passed);
        Assert.Contains("ConnectionRefused", down.Detail);
    }

    [Theory]
    [InlineData(200, true)]
    [InlineData(204, true)]
    [InlineData(301, false)]
    [InlineData(404, false)]
    [InlineData(503, false)]
    public async Task HttpPassesOnA2xxOnly(int status, bool passes)
    {
        using var server = HttpResponder.Answering(status);

        var result = await _port.RunAsync(Probe.Of(ProbeKind.Http, $"http://{server.Target}/health"), CancellationToken.None);

        Assert.Equal(passes, result.Passed);
        Assert.Contains($"HTTP {status}", result.Detail);
    }

    [Fact]
    public async Task HttpFailsWhenNoAnswerComesWithinTheTimeout()
    {
        using var server = HttpResponder.Silent();

        var result = await _port.RunAsync(Probe.Of(ProbeKind.Http, $"http://{server.Target}/", timeout: TimeSpan.FromMilliseconds(300)), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Contains("no answer within 0.3 s", result.Detail);
    }

    [LinuxFact]
    public async Task CommandsPassOnExitZeroOnly()
    {
        Assert.True((await _port.RunAsync(Probe.Of(ProbeKind.Command, "true"), CancellationToken.None)).Passed);
        Assert.False((await _port.RunAsync(Probe.Of(ProbeKind.Command, "false"), CancellationToken.None)).Passed);
        var three = await _port.RunAsync(Probe.Of(ProbeKind.Command, "sh -c 'exit 3'"), CancellationToken.None);
        Assert.False(three.Passed);
        Assert.Equal("exit 3", three.Detail);
        Assert.True((await _port.RunCommandAsync("true && test 1 -eq 1", TimeSpan.FromSeconds(5))).Passed);
    }

    [LinuxFact]
    public async Task ACommandPastItsTimeoutFailsAndIsKilledWithItsChildren()
    {
        var marker = $"sanctum-probe-sleep-{Guid.NewGuid():N}";

        var result = await _port.RunAsync(Probe.Of(ProbeKind.Command, $"sh -c 'sleep 30; echo {marker}' & wait", timeout: TimeSpan.FromMilliseconds(300)), CancellationToken.None);

        Assert.False(result.Passed);
        Assert.Contains("timed out", result.Detail);
        Assert.DoesNotContain(
            Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Where(File.Exists).Select(ReadOrEmpty),
            cmdline => cmdline.Contains(marker, StringComparison.Ordinal));
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
