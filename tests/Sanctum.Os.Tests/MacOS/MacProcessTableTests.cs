using Sanctum.Os.MacOS;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class MacProcessTableTests
{
    internal const string Ps = "/bin/ps -axww -o pid=,ppid=,uid=,ruid=,rss=,state=,lstart=,ucomm=,command=";

    [Fact]
    public void OnePsRunGivesTheTableWithStartTimes()
    {
        var runner = new FakeRunner().On(Ps, Fixture.Read("macos/ps-panic-2026-04-19.txt"));

        var table = new MacProcessTable(runner).Read();

        Assert.Equal(15, table.Rows.Count);
        var launchd = table.Rows.Single(r => r.Pid == 1);
        Assert.Equal(("launchd", new DateTimeOffset(2026, 4, 19, 8, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()), (launchd.Name, launchd.StartTime));
        Assert.Empty(table.Errors);
        Assert.Equal([Ps], runner.Calls);
    }

    [Fact]
    public void ParseErrorsAreReportedBesideTheGoodRows()
    {
        var runner = new FakeRunner().On(Ps, Fixture.Read("macos/ps-hostile.txt"));

        var table = new MacProcessTable(runner).Read();

        Assert.Contains(table.Rows, r => r.Pid == 508);
        Assert.Contains(table.Errors, e => e.Source == MacPsParser.Source && e.Line == 3);
    }

    [Fact]
    public void AFailingPsGivesOneErrorAndNoRows()
    {
        var runner = new FakeRunner().On(Ps, "", 1, "ps: bad");

        var table = new MacProcessTable(runner).Read();

        Assert.Empty(table.Rows);
        Assert.Contains("ps: bad", Assert.Single(table.Errors).Message, StringComparison.Ordinal);
    }
}
