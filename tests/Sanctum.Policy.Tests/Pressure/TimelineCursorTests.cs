using Sanctum.Configuration.Pressure;
using Xunit;

namespace Sanctum.Policy.Tests.Pressure;

public sealed class TimelineCursorTests
{
    private static readonly PressureTimeline Timeline = PressureScript.Parse("""
        pressure = [
          { at = 0s, available-mb = 30000 }
          { at = 250ms, available-mb = 900, once = true }
          { at = 3.5s, available-mb = 20000 }
        ]
        """, "t.conf").Timeline!;

    [Fact]
    public void AOnceSampleAnswersExactlyTheFirstReadingAtOrAfterIt()
    {
        var cursor = Timeline.Cursor();

        Assert.Equal(30000, cursor.Read(TimeSpan.FromMilliseconds(240)).AvailableMb);
        Assert.Equal(900, cursor.Read(TimeSpan.FromMilliseconds(260)).AvailableMb);
        Assert.Equal(30000, cursor.Read(TimeSpan.FromMilliseconds(261)).AvailableMb);
        Assert.Equal(20000, cursor.Read(TimeSpan.FromSeconds(3.5)).AvailableMb);
    }

    [Fact]
    public void HoweverLateTheFirstReadingComesItStillSeesTheGlitchOnce()
    {
        var cursor = Timeline.Cursor();

        Assert.Equal(900, cursor.Read(TimeSpan.FromSeconds(2)).AvailableMb);
        Assert.Equal(30000, cursor.Read(TimeSpan.FromSeconds(2)).AvailableMb);
    }

    [Fact]
    public void TheStatelessViewNeverShowsAGlitch() =>
        Assert.Equal(30000, Timeline.At(TimeSpan.FromMilliseconds(250)).AvailableMb);

    [Fact]
    public void OnceMustBeABoolean()
    {
        var result = PressureScript.Parse("pressure = [ { at = 0s, available-mb = 1, once = maybe } ]", "t.conf");

        Assert.Null(result.Timeline);
        Assert.Contains(result.Errors, e => e.ToString().Contains("once", StringComparison.Ordinal));
    }
}
