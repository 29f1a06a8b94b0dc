using System.Text.Json;
using Xunit;

using Sanctum.Tests.Shared.EndToEnd;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>
/// A person's disarm lasts until a person arms again: acknowledged only once it is on disk, so kill -9 right after
/// the reply cannot lose it, and a daemon restarted with <c>--armed</c> under ORANGE stays disarmed and says who
/// disarmed it and when.
/// </summary>
public sealed class ArmingDurabilityTests : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void ADisarmOutlivesKillNineAndARestartWithArmed()
    {
        var child = _box.StartChild($"{_box.Tag}-allow");
        var config = _box.Write("arming.conf", DaemonEndToEndTests.TestConfig(_box.Tag));
        var dataDir = Path.Combine(_box.Dir, "data");
        var calm = _box.WriteCalmPressure();
        var orange = _box.Write("orange.conf", "pressure = [ { at = 0s, available-mb = 3000, swap-used-mb = 0, kernel-level = 1 } ]");

        var first = _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", calm, "--armed");
        first.WaitUntil(() => Client("status", "--json") is not null, Soon, "the first daemon to answer");
        using var disarmed = Client("disarm", "--json") ?? throw new Xunit.Sdk.XunitException($"disarm failed; output:\n{first.Output}");
        Sandbox.Crash(first.Process);
        var disarmedAt = disarmed.RootElement.GetProperty("at").GetDateTime();

        var second = _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", orange, "--armed");
        second.WaitUntil(() => DryRunSignalFor(child), Soon, "the restarted valve to pick the child (dry-run)");

        Assert.Equal("S", Sandbox.StateOf(child));
        using var status = Client("status", "--json")!;
        var root = status.RootElement;
        var last = root.GetProperty("last_arming");
        Assert.Equal((false, true, "user"), (root.GetProperty("armed").GetBoolean(), root.GetProperty("dry_run").GetBoolean(), last.GetProperty("by").GetString()));
        Assert.Equal(disarmedAt, last.GetProperty("at").GetDateTime());
        var text = _box.StartClient("status");
        Assert.Equal(0, text.WaitForExit(Soon));
        var since = disarmedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");
        Assert.StartsWith($"only watching: dry-run since {since} (disarmed by user)", text.Output);
        second.WaitUntil(() => second.Output.Contains("started: reading", StringComparison.Ordinal), Soon, "the startup summary");
        var summary = second.Output.Split('\n').Single(l => l.Contains("started: reading", StringComparison.Ordinal));
        var at = disarmed.RootElement.GetProperty("at").GetDateTimeOffset();
        Assert.Contains($"dry-run: disarmed by user at {at:u} (kept across restarts)", summary, StringComparison.Ordinal);
    }

    /// <summary>The data of a successful <c>--json</c> reply; null while the daemon does not answer.</summary>
    private JsonDocument? Client(params string[] args)
    {
        var client = _box.StartClient(args);
        return client.WaitForExit(Soon) == 0 ? JsonDocument.Parse(client.Output) : null;
    }

    private bool DryRunSignalFor(int child)
    {
        using var why = Client("why", child.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        return why is not null && why.RootElement.GetProperty("decisions").EnumerateArray()
            .Any(d => d.GetProperty("action").GetString() == "SIGSTOP" && d.GetProperty("outcome").GetString() == "dry-run");
    }
}
