using System.Diagnostics;
using System.Text.Json;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Cli.Tests.EndToEnd;

[Collection(DaemonCollection.Name)]
public sealed class ThawEndToEndTests
{
    [LinuxFact]
    public async Task ThawResumesTheFrozenChildAndTheValveLeavesItRunningThroughTheCooldown()
    {
        using var host = new GuardedHost();

        var run = await host.Client("thaw", host.Child.ToString(), "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var thaw = JsonDocument.Parse(run.Stdout);
        Assert.Equal(["pid", "start", "outcome", "reason", "until"], thaw.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("applied", thaw.RootElement.GetProperty("outcome").GetString());
        Sandbox.WaitUntil(() => Sandbox.StateOf(host.Child) == "S", TimeSpan.FromSeconds(5), "the child to run again");

        // Pressure stays ORANGE: for five ticks (well within the 2 min cooldown) the valve must not refreeze it.
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(5))
        {
            Assert.True(Sandbox.StateOf(host.Child) != "T", $"refrozen {watch.Elapsed.TotalSeconds:0.0} s after the thaw; output:\n{host.Daemon.Output}");
            await Task.Delay(50);
        }

        var trail = JsonDocument.Parse((await host.Client("why", host.Child.ToString(), "--json")).Stdout).RootElement.GetProperty("decisions").EnumerateArray()
            .Select(d => (d.GetProperty("action").GetString(), d.GetProperty("by").GetString(), d.GetProperty("outcome").GetString())).ToArray();
        Assert.Contains(("SIGCONT", "user", "applied"), trail);
        var ps = JsonDocument.Parse((await host.Client("ps", "--json")).Stdout).RootElement.GetProperty("processes").EnumerateArray()
            .Single(p => p.GetProperty("pid").GetInt32() == host.Child);
        Assert.Equal("resting", ps.GetProperty("owner").GetString());
    }

    [LinuxFact]
    public async Task ThawingAPidNoOneOwnsIsAnErrorFromTheDaemon()
    {
        using var host = new GuardedHost();

        var run = await host.Client("thaw", "999999999");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no live process with pid 999999999", run.Stderr);
    }
}

public sealed class UnreachableTests
{
    [Fact]
    public async Task StatusWithoutADaemonExits2NamingTheSocket()
    {
        var socket = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.sock");

        var run = await BuiltClient.RunAsync("status", "--socket", socket);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(socket, run.Stderr);
        Assert.Empty(run.Stdout);
    }
}
