using Sanctum.Actors.Ports;
using Sanctum.Os.MacOS;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class LaunchdServicePortTests
{
    private const string Label = "com.sanctum.memory-vault";
    private const string Print = "/bin/launchctl print gui/501/com.sanctum.memory-vault";
    private const string Bootout = "/bin/launchctl bootout gui/501/com.sanctum.memory-vault";

    [Fact]
    public void Print_of_a_running_agent_gives_its_own_pid_not_a_nested_one() =>
        Assert.Equal(new ServiceStatus(true, 48213), LaunchdServicePort.ParsePrint(Fixture.Read("macos/launchctl-print-running.txt")));

    [Fact]
    public void Print_of_a_stopped_agent_ignores_nested_running_states() =>
        Assert.Equal(new ServiceStatus(false, null), LaunchdServicePort.ParsePrint(Fixture.Read("macos/launchctl-print-not-running.txt")));

    [Fact]
    public async Task Status_of_an_unknown_label_is_not_running()
    {
        var runner = new FakeRunner().On(Print, "Could not find service \"com.sanctum.memory-vault\" in domain for user gui: 501\n", exitCode: 113);

        Assert.Equal(new ServiceStatus(false, null), await new LaunchdServicePort(runner, 501).StatusAsync(Label));
    }

    [Theory]
    [InlineData(0, Delivery.Delivered)]
    [InlineData(5, Delivery.Failed)]
    public async Task Booting_out_a_running_agent(int exitCode, Delivery expected)
    {
        var runner = new FakeRunner().On(Print, Fixture.Read("macos/launchctl-print-running.txt")).On(Bootout, "", exitCode);

        Assert.Equal(expected, await new LaunchdServicePort(runner, 501).StopAsync(Label));
        Assert.Equal([Print, Bootout], runner.Calls);
    }

    [Fact]
    public async Task An_agent_that_is_not_running_is_gone_and_not_booted_out()
    {
        var runner = new FakeRunner().On(Print, Fixture.Read("macos/launchctl-print-not-running.txt"));

        Assert.Equal(Delivery.Gone, await new LaunchdServicePort(runner, 501).StopAsync(Label));
        Assert.Equal([Print], runner.Calls);
    }
}
