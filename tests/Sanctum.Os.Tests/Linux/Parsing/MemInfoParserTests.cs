using Sanctum.Os.Linux;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class MemInfoParserTests
{
    private const string Minimal = "MemTotal:       24684096 kB\nMemFree:        24277924 kB\nMemAvailable:   24336244 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n";

    [Fact]
    public void SwappingMachine()
    {
        var parsed = MemInfoParser.Parse(Fixture.Read("linux/meminfo-32g-swapping.txt"));

        Assert.Equal(new MemInfo(32594080, 1258292, 8388604, 251660), parsed.Value);
        Assert.Equal(1228, parsed.Value!.AvailableMb);
        Assert.Equal(7946, parsed.Value.SwapUsedMb);
        Assert.Equal(8191, parsed.Value.SwapTotalMb);
    }

    [Fact]
    public void NoSwap()
    {
        var parsed = MemInfoParser.Parse(Minimal);

        Assert.Equal(new MemInfo(24684096, 24336244, 0, 0), parsed.Value);
        Assert.Equal(0, parsed.Value!.SwapUsedMb);
        Assert.Equal(0, parsed.Value.SwapTotalMb);
    }

    [Fact]
    public void CrlfInput()
    {
        Assert.Equal(24336244, MemInfoParser.Parse(Minimal.Replace("\n", "\r\n", StringComparison.Ordinal)).Value?.MemAvailableKb);
    }

    [Theory]
    [InlineData("MemTotal")]
    [InlineData("MemAvailable")]
    [InlineData("SwapTotal")]
    [InlineData("SwapFree")]
    public void MissingKeyIsNamed(string key)
    {
        var text = string.Join('\n', Minimal.Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal)));

        Assert.Equal(new ParseError(MemInfoParser.Source, 0, $"missing key '{key}'"), MemInfoParser.Parse(text).Error);
    }

    [Theory]
    [InlineData("MemAvailable:   24336244 kB", "MemAvailable:   lots kB", "MemAvailable: not a non-negative integer: 'lots'")]
    [InlineData("MemAvailable:   24336244 kB", "MemAvailable:   24336244", "MemAvailable: expected 'N kB', got '   24336244'")]
    [InlineData("MemAvailable:   24336244 kB", "MemAvailable:   -5 kB", "MemAvailable: not a non-negative integer: '-5'")]
    [InlineData("MemAvailable:   24336244 kB", "MemAvailable:   99999999999999999999 kB", "MemAvailable: number out of range: '99999999999999999999'")]
    [InlineData("SwapFree:              0 kB", "SwapFree:            512 kB", "SwapFree exceeds SwapTotal")]
    public void BadValueNamesItsLine(string good, string bad, string message)
    {
        var text = Minimal.Replace(good, bad, StringComparison.Ordinal);
        var line = Array.IndexOf(text.Split('\n'), bad) + 1;

        Assert.Equal(new ParseError(MemInfoParser.Source, line, message, bad), MemInfoParser.Parse(text).Error);
    }

    [Fact]
    public void DuplicateKeyIsAnError()
    {
        var error = MemInfoParser.Parse(Minimal + "MemTotal:       1 kB").Error;

        Assert.Equal(new ParseError(MemInfoParser.Source, 6, "duplicate key 'MemTotal'", "MemTotal:       1 kB"), error);
    }

    [Fact]
    public void UnrelatedMalformedLinesAreIgnored()
    {
        var parsed = MemInfoParser.Parse("garbage\nHugePages_Total:       0\nDirectMap4k: lots\n" + Minimal);

        Assert.True(parsed.Ok, parsed.Error?.ToString());
    }
}
