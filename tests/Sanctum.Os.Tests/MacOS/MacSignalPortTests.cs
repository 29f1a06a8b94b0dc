using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Sanctum.Tests.Shared;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class MacSignalPortTests
{
    private const long Start = 1795845016; // Sat Nov 28 05:50:16 2026 UTC
    private static readonly HashSet<int> NoneProtected = [];

    private static string Check(int pid) => $"/bin/ps -o lstart= -p {pid}";

    [Fact]
    public void RefusedPidsRunNothing()
    {
        var runner = new FakeRunner();
        var port = new MacSignalPort(new PsPidStartReader(runner), new HashSet<int> { 4242 });

        foreach (var pid in new[] { 1, 0, -5, Environment.ProcessId, 4242 })
            Assert.Equal(Delivery.NotPermitted, port.Send(new ProcessIdentity(pid, Start), Signal.Kill));
        Assert.Empty(runner.Calls);
    }

    [Fact]
    public void APidPsDoesNotKnowIsGone()
    {
        var runner = new FakeRunner().On(Check(4_000_001), "", exitCode: 1);

        Assert.Equal(Delivery.Gone, new MacSignalPort(new PsPidStartReader(runner), NoneProtected).Send(new ProcessIdentity(4_000_001, Start), Signal.Kill));
    }

    [Fact]
    public void AnUnreadableStartTimeIsAFailure()
    {
        var runner = new FakeRunner().On(Check(4_000_001), "whenever\n");

        Assert.Equal(Delivery.Failed, new MacSignalPort(new PsPidStartReader(runner), NoneProtected).Send(new ProcessIdentity(4_000_001, Start), Signal.Kill));
    }

    [LinuxFact]
    public void ADifferentStartTimeIsGoneAndNothingIsSent()
    {
        using var child = new SleepChild();
        var runner = new FakeRunner().On(Check(child.Pid), "Sat Nov 28 05:50:17 2026\n");

        Assert.Equal(Delivery.Gone, new MacSignalPort(new PsPidStartReader(runner), NoneProtected).Send(new ProcessIdentity(child.Pid, Start), Signal.Kill));

        Assert.Equal('S', child.State);
    }

    [LinuxFact]
    public void AMatchingStartTimeSendsTheSignal()
    {
        // SIGKILL is 9 on both systems, so this runs the macOS path for real against our own child.
        using var child = new SleepChild();
        var runner = new FakeRunner().On(Check(child.Pid), "Sat Nov 28 05:50:16 2026\n");

        Assert.Equal(Delivery.Delivered, new MacSignalPort(new PsPidStartReader(runner), NoneProtected).Send(new ProcessIdentity(child.Pid, Start), Signal.Kill));

        Assert.True(Poll.Until(() => child.State is null or 'Z'));
    }

    private static NativePidStartReader Native(Func<int, BsdInfoRead> query) => new(query);

    private static BsdInfoRead Alive(int pid, long start, uint status = 3) =>
        new(new BsdInfo(pid, 1, 501, status, "sleep", start, 250_000), 0);

    [LinuxFact]
    public void NativelyAMatchingStartTimeSendsTheSignalWithoutRunningAnything()
    {
        using var child = new SleepChild();
        var asked = new List<int>();
        var port = new MacSignalPort(Native(pid => { asked.Add(pid); return Alive(pid, Start); }), NoneProtected);

        Assert.Equal(Delivery.Delivered, port.Send(new ProcessIdentity(child.Pid, Start), Signal.Kill));

        Assert.Equal([child.Pid], asked);
        Assert.True(Poll.Until(() => child.State is null or 'Z'));
    }

    [LinuxFact]
    public void NativelyADifferentStartSecondIsGoneAndNothingIsSent()
    {
        using var child = new SleepChild();
        var port = new MacSignalPort(Native(pid => Alive(pid, Start + 1)), NoneProtected);

        Assert.Equal(Delivery.Gone, port.Send(new ProcessIdentity(child.Pid, Start), Signal.Kill));

        Assert.Equal('S', child.State);
    }

    public static TheoryData<BsdInfoRead, Delivery> NativeRefusals => new()
    {
        { new BsdInfoRead(null, 3, "failed, errno 3"), Delivery.Gone }, // ESRCH
        { new BsdInfoRead(null, 1, "failed, errno 1"), Delivery.NotPermitted }, // EPERM: another user's process
        { new BsdInfoRead(null, 0, "100 bytes, expected 136"), Delivery.Failed },
        { Alive(4_000_001, Start, status: BsdInfo.Zombie), Delivery.Gone },
        { Alive(4_000_002, Start), Delivery.Failed }, // the kernel answered for another pid
    };

    [Theory]
    [MemberData(nameof(NativeRefusals))]
    public void NativelyAProcessThatCannotBeReadIsNotSignalled(BsdInfoRead read, Delivery expected) =>
        Assert.Equal(expected, new MacSignalPort(Native(_ => read), NoneProtected).Send(new ProcessIdentity(4_000_001, Start), Signal.Kill));

    [Theory]
    [InlineData(Signal.Stop, 17)]
    [InlineData(Signal.Continue, 19)]
    [InlineData(Signal.Kill, 9)]
    public void MacosSignalNumbers(Signal signal, int number) => Assert.Equal(number, MacSignalPort.Number(signal));
}
