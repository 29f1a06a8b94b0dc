using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class LaunchdServicePortTests
{
    private const string Label = "com.sanctum.memory-vault";
    private const string Print = "/bin/launchctl print gui/501/com.sanctum.memory-vault";
    private const string Bootout = "/bin/launchctl bootout gui/501/com.sanctum.memory-vault";

    [Fact]
    public void PrintOfARunningAgentGivesItsOwnPidNotANestedOne() =>
        Assert.Equal(new ServiceStatus(true, 48213), LaunchdServicePort.ParsePrint(Fixture.Read("macos/launchctl-print-running.txt")));

    [Fact]
    public void PrintOfAStoppedAgentIgnoresNestedRunningStates() =>
        Assert.Equal(new ServiceStatus(false, null), LaunchdServicePort.ParsePrint(Fixture.Read("macos/launchctl-print-not-running.txt")));

    [Fact]
    public async Task StatusOfAnUnknownLabelIsNotRunning()
    {
        var runner = new FakeRunner().On(Print, "Could not find service \"com.sanctum.memory-vault\" in domain for user gui: 501\n", exitCode: 113);

        Assert.Equal(new ServiceStatus(false, null), await new LaunchdServicePort(runner, 501).StatusAsync(Label));
    }

    [Theory]
    [InlineData(0, Delivery.Delivered)]
    [InlineData(5, Delivery.Failed)]
    public async Task BootingOutARunningAgent(int exitCode, Delivery expected)
    {
        var runner = new FakeRunner().On(Print, Fixture.Read("macos/launchctl-print-running.txt")).On(Bootout, "", exitCode);

        Assert.Equal(expected, await new LaunchdServicePort(runner, 501).StopAsync(Label));
        Assert.Equal([Print, Bootout], runner.Calls);
    }

    [Fact]
    public async Task AnAgentThatIsNotRunningIsGoneAndNotBootedOut()
    {
        var runner = new FakeRunner().On(Print, Fixture.Read("macos/launchctl-print-not-running.txt"));

        Assert.Equal(Delivery.Gone, await new LaunchdServicePort(runner, 501).StopAsync(Label));
        Assert.Equal([Print], runner.Calls);
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 4, 19, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    private static async Task<(LaunchdServicePort Port, FakeRunner Runner, ManualClock Clock)> Shed()
    {
        var runner = new FakeRunner().On(Print, Fixture.Read("macos/launchctl-print-running.txt")).On(Bootout, "");
        var clock = new ManualClock();
        var port = new LaunchdServicePort(runner, 501, clock);
        Assert.Equal(Delivery.Delivered, await port.StopAsync(Label));
        runner.On(Print, Fixture.Read("macos/launchctl-print-not-running.txt"));
        runner.Calls.Clear();
        return (port, runner, clock);
    }

    [Fact]
    public async Task AnHourOfWatchingAShedLabelEveryTickForksFiftyFourTimesNotSevenHundredAndTwenty()
    {
        var (port, runner, clock) = await Shed();
        var firstMinute = 0;

        for (var tick = 1; tick <= 720; tick++)
        {
            clock.Now += Tick;
            Assert.Equal(new ServiceStatus(false, null), await port.StatusAsync(Label));
            if (tick == 12)
                firstMinute = runner.Calls.Count;
        }

        Assert.Equal(12, firstMinute); // every tick while a quick respawn is likely
        Assert.Equal(54, runner.Calls.Count);
        Assert.All(runner.Calls, c => Assert.Equal(Print, c));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(30 * 60)]
    [InlineData(59 * 60)]
    public async Task AReturnIsSeenWithinATwelfthOfTheTimeAwayAndAtMostFiveMinutes(int backAfterSeconds)
    {
        var (port, runner, clock) = await Shed();
        var shedAt = clock.Now;
        var backAt = shedAt + TimeSpan.FromSeconds(backAfterSeconds);

        ServiceStatus status;
        do
        {
            clock.Now += Tick;
            if (clock.Now >= backAt)
                runner.On(Print, Fixture.Read("macos/launchctl-print-running.txt"));
            status = await port.StatusAsync(Label);
        }
        while (!status.Running);

        var bound = LaunchdServicePort.CheckInterval(backAt - shedAt) + Tick;
        Assert.InRange(clock.Now - backAt, TimeSpan.Zero, bound);
        Assert.True(bound <= LaunchdServicePort.MaxCheckInterval + Tick);
    }

    [Fact]
    public async Task OnceBackTheLabelIsReadEveryTimeAgain()
    {
        var (port, runner, clock) = await Shed();
        clock.Now += TimeSpan.FromMinutes(30);
        runner.On(Print, Fixture.Read("macos/launchctl-print-running.txt"));
        Assert.True((await port.StatusAsync(Label)).Running);
        runner.Calls.Clear();

        clock.Now += Tick;
        await port.StatusAsync(Label);
        await port.StatusAsync(Label);

        Assert.Equal([Print, Print], runner.Calls);
    }

    [Fact]
    public async Task ALabelThisPortNeverShedIsReadEveryTime()
    {
        var runner = new FakeRunner().On(Print, Fixture.Read("macos/launchctl-print-not-running.txt"));
        var port = new LaunchdServicePort(runner, 501, new ManualClock());

        await port.StatusAsync(Label);
        await port.StatusAsync(Label);

        Assert.Equal([Print, Print], runner.Calls);
    }
}
