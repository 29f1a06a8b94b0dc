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

    [RootFact]
    public async Task ThawLeavesAnotherUsersProcessStoppedWhenTheGuardDidNotStopIt()
    {
        using var host = new GuardedHost();
        var start = new ProcessStartInfo("setpriv") { UseShellExecute = false };
        foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "sleep", "1000" })
        {
            start.ArgumentList.Add(arg);
        }

        using var nobody = Process.Start(start)!;
        try
        {
            Sandbox.WaitUntil(() => Sandbox.StateOf(nobody.Id) == "S", TimeSpan.FromSeconds(5), "nobody's sleep to start");
            using (var stop = Process.Start("kill", ["-STOP", nobody.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await stop.WaitForExitAsync();
            }

            Sandbox.WaitUntil(() => Sandbox.StateOf(nobody.Id) == "T", TimeSpan.FromSeconds(5), "nobody's sleep to stop");
            await WaitUntilListed(host, nobody.Id);

            var run = await host.Client("thaw", nobody.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(1, run.ExitCode);
            Assert.Contains($"thaw of pid {nobody.Id} refused: stopped outside the guard and owned by uid 65534, not the daemon's uid 0", run.Stderr);
            Assert.Equal("T", Sandbox.StateOf(nobody.Id));
        }
        finally
        {
            nobody.Kill();
        }
    }

    private static async Task WaitUntilListed(GuardedHost host, int pid)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var ps = JsonDocument.Parse((await host.Client("ps", "--all", "--json")).Stdout).RootElement.GetProperty("processes");
            if (ps.EnumerateArray().Any(p => p.GetProperty("pid").GetInt32() == pid && p.GetProperty("state").GetString() == "T"))
            {
                return;
            }
        }

        Assert.Fail($"pid {pid} never listed as stopped by the daemon");
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

    [Theory]
    [InlineData("1")]
    [InlineData("0")]
    [InlineData("-1")]
    public async Task ThawOfPidOneOrLessIsRefusedBeforeTheDaemonIsAsked(string pid)
    {
        var socket = Path.Combine(Path.GetTempPath(), $"absent-{Guid.NewGuid():N}.sock");

        var run = await BuiltClient.RunAsync("thaw", pid, "--socket", socket);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"pid {pid}: pids of 1 and below are never signalled", run.Stdout + run.Stderr);
        Assert.DoesNotContain(socket, run.Stdout + run.Stderr);
    }
}
