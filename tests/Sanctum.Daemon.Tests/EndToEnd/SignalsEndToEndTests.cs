using System.Runtime.InteropServices;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>Signals whose default would end the daemon on the spot: it keeps guarding, what it froze stays under its lease.</summary>
public sealed class SignalsEndToEndTests : IDisposable
{
    private const int SigHup = 1;
    private const int SigQuit = 3;
    private const int SigUsr1 = 10;
    private const int SigUsr2 = 12;

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void HupAndUsrSignalsAreIgnoredWhileAChildIsFrozenAndQuitStopsThawingIt()
    {
        var allowed = _box.StartChild($"{_box.Tag}-allow");
        var config = _box.Write("test.conf", DaemonEndToEndTests.TestConfig(_box.Tag));
        var script = _box.Write("pressure.conf", """
            pressure = [
              { at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 }
              { at = 1s, available-mb = 3000 }
            ]
            """);
        var daemon = _box.StartDaemon("--config", config, "--data-dir", Path.Combine(_box.Dir, "data"), "--pressure-script", script, "--armed");
        daemon.WaitUntil(() => Sandbox.StateOf(allowed) == "T", Soon, "the freeze");

        foreach (var signal in new[] { SigHup, SigUsr1, SigUsr2 })
        {
            Assert.Equal(0, kill(daemon.Process.Id, signal));
        }

        daemon.WaitUntil(() => daemon.Output.Contains("SIGUSR2 ignored", StringComparison.Ordinal), Soon, "the SIGUSR2 to be logged");
        Assert.False(daemon.Process.HasExited, $"sanctumd exited {(daemon.Process.HasExited ? daemon.Process.ExitCode : 0)}; output:\n{daemon.Output}");
        Assert.Equal("T", Sandbox.StateOf(allowed));
        Assert.Contains("SIGHUP ignored: restart to reload the configuration", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("SIGUSR1 ignored", daemon.Output, StringComparison.Ordinal);

        Assert.Equal(0, kill(daemon.Process.Id, SigQuit));
        var exit = daemon.WaitForExit(TimeSpan.FromSeconds(25));

        Assert.True(exit == 0, $"exit code {exit}; output:\n{daemon.Output}");
        Assert.Equal("S", Sandbox.StateOf(allowed));
    }

    [DllImport("libc")]
    private static extern int kill(int pid, int sig);
}
