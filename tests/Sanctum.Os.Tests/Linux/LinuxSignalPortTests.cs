using Sanctum.Os.Linux;
using Sanctum.Policy.Domain;
using Sanctum.Tests.Shared;
using Xunit;

namespace Sanctum.Os.Tests.Linux;

/// <summary>Real signals, only ever to <c>sleep</c> children these tests start and always kill.</summary>
public sealed class LinuxSignalPortTests
{
    private static readonly HashSet<int> NoneProtected = [];

    [LinuxFact]
    public void StopContinueAndKillReachTheRealProcess()
    {
        using var child = new SleepChild();
        var port = new LinuxSignalPort(NoneProtected);
        var identity = child.Identity;

        Assert.Equal(Delivery.Delivered, port.Send(identity, Signal.Stop));
        Assert.True(Poll.Until(() => child.State == 'T'), $"state {child.State} after SIGSTOP");

        Assert.Equal(Delivery.Delivered, port.Send(identity, Signal.Continue));
        Assert.True(Poll.Until(() => child.State == 'S'), $"state {child.State} after SIGCONT");

        Assert.Equal(Delivery.Delivered, port.Send(identity, Signal.Kill));
        Assert.True(Poll.Until(() => child.State is null or 'Z'), $"state {child.State} after SIGKILL");

        // Dead (zombie or reaped) is gone, not delivered again.
        Assert.Equal(Delivery.Gone, port.Send(identity, Signal.Kill));
    }

    [LinuxFact]
    public void AWrongStartTimeIsGoneAndTheProcessIsUntouched()
    {
        using var child = new SleepChild();
        var port = new LinuxSignalPort(NoneProtected);
        var reused = child.Identity with { StartTime = child.Identity.StartTime + 1 };

        Assert.Equal(Delivery.Gone, port.Send(reused, Signal.Stop));

        Assert.Equal('S', child.State);
    }

    [LinuxFact]
    public void InitSelfParentAndNonsensePidsAreRefused()
    {
        var port = new LinuxSignalPort(NoneProtected);
        var parent = StatOfSelf().PPid;

        // SIGCONT, so that a broken guard would still harm nothing.
        foreach (var pid in new[] { 1, 0, -1, Environment.ProcessId, parent })
            Assert.Equal(Delivery.NotPermitted, port.Send(new ProcessIdentity(pid, 0), Signal.Continue));
    }

    [LinuxFact]
    public void AProtectedPidIsRefusedAndNothingIsSent()
    {
        using var child = new SleepChild();
        var port = new LinuxSignalPort(new HashSet<int> { child.Pid });

        Assert.Equal(Delivery.NotPermitted, port.Send(child.Identity, Signal.Stop));

        Assert.Equal('S', child.State);
    }

    [LinuxFact]
    public void APidWithNoProcessIsGone()
    {
        var port = new LinuxSignalPort(NoneProtected);
        var free = Enumerable.Range(4_000_000, 100).First(pid => !Directory.Exists($"/proc/{pid}"));

        Assert.Equal(Delivery.Gone, port.Send(new ProcessIdentity(free, 1), Signal.Kill));
    }

    [Theory]
    [InlineData(Signal.Stop, 19)]
    [InlineData(Signal.Continue, 18)]
    [InlineData(Signal.Kill, 9)]
    public void LinuxSignalNumbers(Signal signal, int number) => Assert.Equal(number, LinuxSignalPort.Number(signal));

    private static Sanctum.Os.Linux.ProcStat StatOfSelf() =>
        Sanctum.Os.Linux.ProcStatParser.Parse(File.ReadAllText("/proc/self/stat")).Value!;
}
