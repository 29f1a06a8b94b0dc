using Sanctum.Configuration.Hocon;
using Xunit;

namespace Sanctum.Policy.Tests.Configuration;

public sealed class HoconReaderTests
{
    private static HoconObject Parse(string text) => HoconDocument.Parse(text, "user.conf");

    private const long Ms = TimeSpan.TicksPerMillisecond;

    [Theory]
    [InlineData("5s", 5_000 * Ms)]
    [InlineData("120s", 120_000 * Ms)]
    [InlineData("30m", 1_800_000 * Ms)]
    [InlineData("2h", 7_200_000 * Ms)]
    [InlineData("500ms", 500 * Ms)]
    [InlineData("1d", 86_400_000 * Ms)]
    [InlineData("1.5 seconds", 1_500 * Ms)]
    [InlineData("10 minutes", 600_000 * Ms)]
    [InlineData("\"7s\"", 7_000 * Ms)]
    [InlineData("0s", 0)]
    [InlineData("250ms", 250 * Ms)]
    [InlineData("0.5s", 500 * Ms)]
    [InlineData("3.5s", 3_500 * Ms)]
    [InlineData("0.1s", 1_000_000)]
    [InlineData("0.3s", 3_000_000)]
    [InlineData("1.0000001s", 10_000_001)]
    [InlineData("2.25ms", 22_500)]
    [InlineData("1.5us", 15)]
    public void DurationsAreExactToTheTick(string text, long expectedTicks)
    {
        var reader = new HoconReader();
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), reader.GetDuration(Parse($"d = {text}"), "d"));
        Assert.Empty(reader.Errors);
    }

    [Theory]
    [InlineData("5", "5s")]
    [InlineData("0", "0s")]
    [InlineData("2.5", "2.5s")]
    [InlineData("\"120\"", "120s")]
    public void ABareNumberIsRefusedWithAHint(string text, string suggested)
    {
        var reader = new HoconReader();
        var valve = (HoconObject)((HoconObject)Parse($"sanctum {{\n  valve {{\n    tick = {text}\n  }}\n}}").Fields[0].Value).Fields[0].Value;

        Assert.Equal(TimeSpan.Zero, reader.GetDuration(valve, "tick"));

        Assert.Equal(
            $"sanctum.valve.tick: needs a unit, e.g. {suggested} (a bare number would be milliseconds in HOCON) (user.conf line 3)",
            Assert.Single(reader.Errors).ToString());
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("5")]
    [InlineData("-5s")]
    [InlineData("5 fortnights")]
    [InlineData("1e3s")]
    [InlineData("99999999999999999999d")]
    [InlineData("null")]
    [InlineData("[5s]")]
    public void BadDurationsAreReportedWithKeyAndLine(string text)
    {
        var reader = new HoconReader();
        reader.GetDuration((HoconObject)((HoconObject)Parse($"\n\nsanctum.valve.tick = {text}").Fields[0].Value).Fields[0].Value, "tick");
        var error = Assert.Single(reader.Errors);
        Assert.Equal(("sanctum.valve.tick", "user.conf", 3), (error.Key, error.File, error.Line));
    }

    [Fact]
    public void ErrorMessageHasTheDocumentedShape()
    {
        var reader = new HoconReader();
        var valve = (HoconObject)((HoconObject)Parse("sanctum {\n  valve {\n    tick = fast\n  }\n}").Fields[0].Value).Fields[0].Value;
        reader.GetDuration(valve, "tick");
        Assert.Equal("sanctum.valve.tick: expected a duration like 5s, got \"fast\" (user.conf line 3)", Assert.Single(reader.Errors).ToString());
    }

    [Fact]
    public void ScalarsOfEachType()
    {
        var o = Parse("i = -3, l = 8589934592, d = 1.5, s = hello world, q = \"8\", b1 = on, b2 = no, b3 = true, n = null");
        var reader = new HoconReader();
        Assert.Equal(-3, reader.GetInt(o, "i"));
        Assert.Equal(8_589_934_592L, reader.GetLong(o, "l"));
        Assert.Equal(1.5, reader.GetDouble(o, "d"));
        Assert.Equal("hello world", reader.GetString(o, "s"));
        Assert.Equal(8, reader.GetInt(o, "q"));
        Assert.True(reader.GetBool(o, "b1"));
        Assert.False(reader.GetBool(o, "b2"));
        Assert.True(reader.GetBool(o, "b3"));
        Assert.Equal("fallback", reader.GetString(o, "n", "fallback"));
        Assert.Equal(7, reader.GetInt(o, "missing", 7));
        Assert.Equal(9L, reader.GetLong(o, "missing", 9L));
        Assert.Equal(0.5, reader.GetDouble(o, "missing", 0.5));
        Assert.True(reader.GetBool(o, "missing", true));
        Assert.Equal(TimeSpan.FromSeconds(2), reader.GetDuration(o, "missing", TimeSpan.FromSeconds(2)));
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public void TypeMismatchesAreAllCollected()
    {
        var o = Parse("""
            i = 1.5
            l = x
            d = NaN
            b = maybe
            s = { a = 1 }
            list = 5
            objs = [ 1 ]
            obj = [ ]
            """);
        var reader = new HoconReader();
        reader.GetInt(o, "i");
        reader.GetLong(o, "l");
        reader.GetDouble(o, "d");
        reader.GetBool(o, "b");
        reader.GetString(o, "s");
        reader.GetStringList(o, "list");
        reader.GetObjectList(o, "objs");
        reader.GetObject(o, "obj");
        reader.GetInt(o, "absent");
        Assert.Equal(
            [
                "i: expected an integer, got \"1.5\" (user.conf line 1)",
                "l: expected an integer, got \"x\" (user.conf line 2)",
                "d: expected a number, got \"NaN\" (user.conf line 3)",
                "b: expected on or off (or true/false, yes/no), got \"maybe\" (user.conf line 4)",
                "s: expected a string, got an object (user.conf line 5)",
                "list: expected a list of strings, got \"5\" (user.conf line 6)",
                "objs[0]: expected an object, got \"1\" (user.conf line 7)",
                "obj: expected an object, got a list (user.conf line 8)",
                "absent: is required (user.conf line 1)",
            ],
            reader.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Lists()
    {
        var o = Parse("names = [a, \"b c\", 3]\nobjs = [{ x = 1 }, { x = 2 }]");
        var reader = new HoconReader();
        Assert.Equal(["a", "b c", "3"], reader.GetStringList(o, "names"));
        Assert.Equal(["1", "2"], reader.GetObjectList(o, "objs").Select(x => reader.GetString(x, "x")));
        Assert.Equal(["d"], reader.GetStringList(o, "missing", ["d"]));
        Assert.Empty(reader.Errors);
    }

    [Fact]
    public void UnknownKeysAreNamedWithTheirLine()
    {
        var o = (HoconObject)Parse("valve {\n  tick = 5s\n  tik = 6s\n}").Fields[0].Value;
        var reader = new HoconReader();
        reader.RejectUnknownKeys(o, "tick", "debounce");
        var error = Assert.Single(reader.Errors);
        Assert.Equal(("valve.tik", 3), (error.Key, error.Line));
        Assert.Contains("unknown key", error.Message);
        Assert.Contains("tick, debounce", error.Message);
    }
}
