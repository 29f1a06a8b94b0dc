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
}
