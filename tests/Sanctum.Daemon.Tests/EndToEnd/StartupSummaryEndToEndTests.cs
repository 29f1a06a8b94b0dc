using System.Text.RegularExpressions;
using Xunit;

using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>The first seconds of the built daemon: one line that says how it reads, what it watches and whether it protects.</summary>
public sealed partial class StartupSummaryEndToEndTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void TheFirstSecondsSayHowItReadsWhatItWatchesAndThatItOnlyWatches()
    {
        _box.StartChild($"{_box.Tag}-allow");
        _box.StartChild($"{_box.Tag}-critical");
        _box.StartChild($"{_box.Tag}-deny");
        var config = _box.Write("test.conf", DaemonEndToEndTests.TestConfig(_box.Tag));
        var script = _box.Write("pressure.conf", "pressure = [ { at = 0s, available-mb = 60000, swap-used-mb = 12, kernel-level = 1 } ]");

        var daemon = _box.StartDaemon("--config", config, "--data-dir", Path.Combine(_box.Dir, "data"), "--pressure-script", script);
        daemon.WaitUntil(() => daemon.Output.Contains("started: reading", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the startup summary");

        var line = daemon.Output.Split('\n').Single(l => l.Contains("started: reading", StringComparison.Ordinal));
        Assert.Contains("pressure GREEN (available 60000 MB, swap 12/", line, StringComparison.Ordinal);
        Assert.Contains("2 allow-listed freeze candidates, 1 critical", line, StringComparison.Ordinal);
        Assert.Contains("dry-run: only watching", line, StringComparison.Ordinal);
        Assert.Contains("`sanctum status` and `sanctum doctor`", line, StringComparison.Ordinal);
        var watched = int.Parse(Watching().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(watched >= 4, $"watching {watched} processes, fewer than the three children and the daemon: {line}");
    }

    [GeneratedRegex(@"watching (\d+) processes")]
    private static partial Regex Watching();
}
