using Sanctum.Tests.Shared;
using Sanctum.Actors.Ports;
using Sanctum.Os.Linux;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Os.Tests.Linux;

/// <summary>Real signals, only ever to <c>sleep</c> children these tests start and always kill.</summary>
public sealed class LinuxSignalPortTests
{
    private static readonly HashSet<int> NoneProtected = [];

    [LinuxFact]
    public void Stop_continue_and_kill_reach_the_real_process()
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
    public void A_wrong_start_time_is_gone_and_the_process_is_untouched()
    {
        using var child = new SleepChild();
        var port = new LinuxSignalPort(NoneProtected);
        var reused = child.Identity with { StartTime = child.Identity.StartTime + 1 };

        Assert.Equal(Delivery.Gone, port.Send(reused, Signal.Stop));

        Assert.Equal('S', child.State);
    }

    [LinuxFact]
    public void Init_self_parent_and_nonsense_pids_are_refused()
    {
        var port = new LinuxSignalPort(NoneProtected);
        var parent = StatOfSelf().PPid;

        // SIGCONT, so that a broken guard would still harm nothing.
        foreach (var pid in new[] { 1, 0, -1, Environment.ProcessId, parent })
            Assert.Equal(Delivery.NotPermitted, port.Send(new ProcessIdentity(pid, 0), Signal.Continue));
    }

    [LinuxFact]
    public void A_protected_pid_is_refused_and_nothing_is_sent()
    {
        using var child = new SleepChild();
        var port = new LinuxSignalPort(new HashSet<int> { child.Pid });

        Assert.Equal(Delivery.NotPermitted, port.Send(child.Identity, Signal.Stop));

        Assert.Equal('S', child.State);
    }

    [LinuxFact]
    public void A_pid_with_no_process_is_gone()
    {
        var port = new LinuxSignalPort(NoneProtected);
        var free = Enumerable.Range(4_000_000, 100).First(pid => !Directory.Exists($"/proc/{pid}"));

        Assert.Equal(Delivery.Gone, port.Send(new ProcessIdentity(free, 1), Signal.Kill));
    }

    [Theory]
    [InlineData(Signal.Stop, 19)]
    [InlineData(Signal.Continue, 18)]
    [InlineData(Signal.Kill, 9)]
    public void Linux_signal_numbers(Signal signal, int number) => Assert.Equal(number, LinuxSignalPort.Number(signal));

    private static Sanctum.Policy.Parsing.ProcStat StatOfSelf() =>
        Sanctum.Policy.Parsing.ProcStatParser.Parse(File.ReadAllText("/proc/self/stat")).Value!;
}
