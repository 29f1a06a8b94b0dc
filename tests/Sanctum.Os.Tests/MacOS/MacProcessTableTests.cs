using Sanctum.Os.MacOS;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class MacProcessTableTests
{
    internal const string Ps = "/bin/ps -axo pid=,rss=,state=,comm=,command=";
    internal const string Lstart = "/usr/bin/env LC_ALL=C TZ=UTC0 /bin/ps -axo pid=,lstart=";

    [Fact]
    public void JoinsTheTableWithStartTimesAndSkipsRowsWithoutOne()
    {
        var runner = new FakeRunner()
            .On(Ps, Fixture.Read("macos/ps-panic-2026-04-19.txt"))
            .On(Lstart, Fixture.Read("macos/ps-lstart-2026-04-19.txt"));

        var table = new MacProcessTable(runner).Read();

        Assert.Equal(14, table.Rows.Count);
        var launchd = table.Rows.Single(r => r.Pid == 1);
        Assert.Equal(("launchd", new DateTimeOffset(2026, 4, 19, 8, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()), (launchd.Name, launchd.StartTime));
        Assert.All(table.Rows, r => Assert.NotEqual(0, r.StartTime));
        Assert.Contains("45013", Assert.Single(table.Errors).Message);
        Assert.Equal([Ps, Lstart], runner.Calls);
    }

    [Fact]
    public void ParseErrorsFromBothRunsAreReported()
    {
        var runner = new FakeRunner()
            .On(Ps, Fixture.Read("macos/ps-hostile.txt"))
            .On(Lstart, "  501 Sat Nov 28 05:50:16 2026\n  508 Sat Nov 28 05:50:17 2026\n  509 nonsense\n");

        var table = new MacProcessTable(runner).Read();

        Assert.Equal([501, 508], table.Rows.Select(r => r.Pid).Order());
        Assert.Contains(table.Errors, e => e.Source == PsStartTimeParser.Source && e.Line == 3);
        Assert.Contains(table.Errors, e => e.Source == "ps");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AFailingPsGivesOneErrorAndNoRows(bool tableFails)
    {
        var runner = new FakeRunner()
            .On(Ps, tableFails ? "" : Fixture.Read("macos/ps-panic-2026-04-19.txt"), tableFails ? 1 : 0)
            .On(Lstart, "", 1, "ps: bad");

        var table = new MacProcessTable(runner).Read();

        Assert.Empty(table.Rows);
        Assert.Single(table.Errors);
    }
}
