using Sanctum.Os.MacOS;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class PsStartTimeParserTests
{
    [Theory]
    [InlineData("Sat Nov 28 05:50:16 2026", "2026-11-28T05:50:16Z")]
    [InlineData("  Sun Nov  8 00:00:00 2026\n", "2026-11-08T00:00:00Z")]
    [InlineData("Thu Jan  1 00:00:00 1970", "1970-01-01T00:00:00Z")]
    [InlineData("Sun\tApr 19 23:58:01   2026", "2026-04-19T23:58:01Z")]
    public void LstartIsReadAsUtcUnixSeconds(string text, string utc) =>
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), PsStartTimeParser.ParseLstart(text));

    [Theory]
    [InlineData("")]
    [InlineData("Fri Nov 28 05:50:16 2026")] // wrong weekday
    [InlineData("Sat Nov 31 05:50:16 2026")]
    [InlineData("Sat Nov 28 25:50:16 2026")]
    [InlineData("Sa. 28 Nov 05:50:16 2026")]
    [InlineData("Sat Nov 28 05:50:16 2026 extra")]
    [InlineData("Sat Nov 28 05:50:16")]
    public void AnythingElseIsRejected(string text) => Assert.Null(PsStartTimeParser.ParseLstart(text));
}
