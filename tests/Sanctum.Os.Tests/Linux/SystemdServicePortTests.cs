using Sanctum.Os.Linux;
using Sanctum.Policy.Domain;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Linux;

public sealed class SystemdServicePortTests
{
    private const string Show = "systemctl --user show -p LoadState -p ActiveState -p MainPID -- reranker.service";
    private const string Stop = "systemctl --user stop -- reranker.service";
    private const string Running = "MainPID=4242\nLoadState=loaded\nActiveState=active\n";

    [Theory]
    [InlineData(Running, true, 4242)]
    [InlineData("LoadState=loaded\nActiveState=activating\nMainPID=17\n", true, 17)]
    [InlineData("MainPID=0\nLoadState=loaded\nActiveState=inactive\n", false, null)]
    [InlineData("MainPID=0\nLoadState=not-found\nActiveState=inactive\n", false, null)]
    [InlineData("LoadState=loaded\nActiveState=failed\nMainPID=99\n", false, null)]
    [InlineData("LoadState=loaded\nActiveState=active\nMainPID=0\n", true, null)]
    [InlineData("", false, null)]
    public void ShowOutputInAnyOrder(string output, bool running, int? pid) =>
        Assert.Equal(new ServiceStatus(running, pid), SystemdServicePort.ParseShow(output));

    [Fact]
    public async Task StatusRunsShowForTheUserUnit()
    {
        var runner = new FakeRunner().On(Show, Running);

        Assert.Equal(new ServiceStatus(true, 4242), await new SystemdServicePort(runner).StatusAsync("reranker.service"));
    }

    [Fact]
    public async Task AFailingShowIsNotRunning()
    {
        var runner = new FakeRunner().On(Show, "", exitCode: 1, error: "Failed to connect to bus");

        Assert.Equal(new ServiceStatus(false, null), await new SystemdServicePort(runner).StatusAsync("reranker.service"));
    }

    [Theory]
    [InlineData(0, Delivery.Delivered)]
    [InlineData(5, Delivery.Gone)]
    [InlineData(1, Delivery.Failed)]
    public async Task StoppingARunningUnit(int exitCode, Delivery expected)
    {
        var runner = new FakeRunner().On(Show, Running).On(Stop, "", exitCode);

        Assert.Equal(expected, await new SystemdServicePort(runner).StopAsync("reranker.service"));
        Assert.Equal([Show, Stop], runner.Calls);
    }

    [Fact]
    public async Task AUnitThatIsNotRunningIsGoneAndNotStopped()
    {
        var runner = new FakeRunner().On(Show, "MainPID=0\nLoadState=loaded\nActiveState=inactive\n");

        Assert.Equal(Delivery.Gone, await new SystemdServicePort(runner).StopAsync("reranker.service"));
        Assert.Equal([Show], runner.Calls);
    }
}
