using System.Runtime.Versioning;
using Xunit;

using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>The built daemon's refusals and its dry-run default; each test is a short run.</summary>
[SupportedOSPlatform("linux")]
public sealed class DaemonCommandLineTests : IDisposable
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(15);
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void HelpListsTheOptionsAndExits0()
    {
        var daemon = _box.StartDaemon("--help");

        Assert.Equal(0, daemon.WaitForExit(Quick));
        foreach (var option in new[] { "--config", "--data-dir", "--socket", "--armed", "--pressure-script", "--log-json", "--help" })
        {
            Assert.Contains(option, daemon.Output, StringComparison.Ordinal);
        }
    }

    [LinuxFact]
    public void AnUnknownOptionExits2NamingIt()
    {
        var daemon = _box.StartDaemon("--arm");

        Assert.Equal(2, daemon.WaitForExit(Quick));
        Assert.Contains("unknown option --arm", daemon.Output, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void ABadConfigExitsNonZeroNamingTheKeyAndLineBeforeAnythingStarts()
    {
        var config = _box.Write("bad.conf", "sanctum {\n  valve {\n    tick = fast\n  }\n}\n");
        var dataDir = Path.Combine(_box.Dir, "data");

        var daemon = _box.StartDaemon("--config", config, "--data-dir", dataDir);

        Assert.Equal(78, daemon.WaitForExit(Quick));
        Assert.Contains("sanctum.valve.tick", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("bad.conf line 3", daemon.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir), "nothing may start (or be created) with a bad config");
    }

    [LinuxFact]
    public void ABadPressureScriptExitsNonZeroNamingTheKeyAndLine()
    {
        var script = _box.Write("p.conf", "pressure = [\n  { at = 0s, availble-mb = 1 }\n]\n");

        var daemon = _box.StartDaemon("--pressure-script", script, "--data-dir", Path.Combine(_box.Dir, "data"));

        Assert.Equal(78, daemon.WaitForExit(Quick));
        Assert.Contains("availble-mb", daemon.Output, StringComparison.Ordinal);
        Assert.Contains("p.conf line 2", daemon.Output, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void InDryRunItOnlyLogsWhatItWouldHaveDone()
    {
        var child = _box.StartChild($"{_box.Tag}-allow");
        var config = _box.Write("test.conf", DaemonEndToEndTests.TestConfig(_box.Tag));
        var script = _box.Write("pressure.conf", "pressure = [ { at = 0s, available-mb = 3000 } ]");
        var dataDir = Path.Combine(_box.Dir, "data");

        var daemon = _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", script);
        Sandbox.WaitUntil(
            () => daemon.Output.Contains($"would have executed action=SIGSTOP sleep (pid {child}, rss ", StringComparison.Ordinal),
            Quick,
            "the dry-run line",
            () => Assert.NotEqual("T", Sandbox.StateOf(child)));
        Sandbox.Terminate(daemon.Process);

        Assert.Equal(0, daemon.WaitForExit(Quick));
        Assert.Equal("S", Sandbox.StateOf(child));
        Assert.Contains("dry_run=true", daemon.Output, StringComparison.Ordinal);
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(dataDir));
    }
}
