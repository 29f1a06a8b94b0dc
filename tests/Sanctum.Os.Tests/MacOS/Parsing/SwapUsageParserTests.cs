using Sanctum.Os.MacOS;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class SwapUsageParserTests
{
    [Theory]
    [InlineData("vm.swapusage: total = 27648.00M  used = 26843.25M  free = 804.75M  (encrypted)\n", 27648L, 26843L, 804L)]
    [InlineData("total = 27648.00M  used = 26843.25M  free = 804.75M  (encrypted)\n", 27648L, 26843L, 804L)]
    [InlineData("vm.swapusage: total = 0.00M  used = 0.00M  free = 0.00M  (encrypted)", 0L, 0L, 0L)]
    [InlineData("vm.swapusage: total = 2048.00M  used = 1024.50M  free = 1023.50M", 2048L, 1024L, 1023L)]
    [InlineData("vm.swapusage: total = 27.00G  used = 26.25G  free = 0.75G  (encrypted)", 27648L, 26880L, 768L)]
    [InlineData("total = 1G used = 512M free = 512M\r\n", 1024L, 512L, 512L)]
    [InlineData("\n\n  total   =   64.00M\tused = 0.00M free = 64.00M  (encrypted)  \n\n", 64L, 0L, 64L)]
    public void ParsesSizes(string text, long total, long used, long free)
    {
        var parsed = SwapUsageParser.Parse(text);

        Assert.True(parsed.Ok, parsed.Error?.ToString());
        Assert.Equal(new SwapUsage(total, used, free), parsed.Value);
    }

    [Theory]
    [InlineData("vm.swapusage: total = 27648.00M  used = 26843.25M", "truncated: expected 'total = N used = N free = N'")]
    [InlineData("vm.swapusage: total = 27648.00M  used = 26843.25M  free = 804.75M  (encrypted) extra", "unexpected trailing text")]
    [InlineData("vm.swapusage: total = 27648.00M  used = 26843.25M  free = 804.75M  encrypted", "unexpected trailing text")]
    [InlineData("vm.swapusage: total = 27648.00K  used = 26843.25K  free = 804.75K", "total: not a size in M or G: '27648.00K'")]
    [InlineData("vm.swapusage: total = 27648.00  used = 26843.25M  free = 804.75M", "total: not a size in M or G: '27648.00'")]
    [InlineData("vm.swapusage: total = 27648.00m  used = 26843.25M  free = 804.75M", "total: not a size in M or G: '27648.00m'")]
    [InlineData("vm.swapusage: total = -1.00M  used = 26843.25M  free = 804.75M", "total: not a size in M or G: '-1.00M'")]
    [InlineData("vm.swapusage: total = 1e3M  used = 26843.25M  free = 804.75M", "total: not a size in M or G: '1e3M'")]
    [InlineData("vm.swapusage: total = .5M  used = 26843.25M  free = 804.75M", "total: not a size in M or G: '.5M'")]
    [InlineData("vm.swapusage: total = 1,024.00M  used = 26843.25M  free = 804.75M", "total: not a size in M or G: '1,024.00M'")]
    [InlineData("vm.swapusage: total = M  used = 26843.25M  free = 804.75M", "total: not a size in M or G: 'M'")]
    [InlineData("vm.swapusage: total = 9999999999999999999.00M  used = 1.00M  free = 1.00M", "total: not a size in M or G: '9999999999999999999.00M'")]
    [InlineData("vm.swapusage: total = 9007199254740992.00G  used = 1.00M  free = 1.00M", "total: not a size in M or G: '9007199254740992.00G'")]
    [InlineData("vm.swapusage: total = 99999999999999999999999999999999999.00G  used = 1.00M  free = 1.00M", "total: not a size in M or G: '99999999999999999999999999999999999.00G'")]
    [InlineData("vm.swapusage: used = 26843.25M  total = 27648.00M  free = 804.75M", "expected 'total ='")]
    [InlineData("vm.swapusage: total : 27648.00M  used = 26843.25M  free = 804.75M", "expected 'total ='")]
    [InlineData("vm.swapusag: total = 27648.00M  used = 26843.25M  free = 804.75M", "expected 'total ='")]
    [InlineData("vm.swapusage: total = 27648.00M  used = 26843.25M  frei = 804.75M", "expected 'free ='")]
    public void BadLineIsAnErrorOnThatLine(string line, string message)
    {
        Assert.Equal(new ParseError(SwapUsageParser.Source, 2, message, line), SwapUsageParser.Parse("\n" + line).Error);
    }

    [Fact]
    public void LargestGigabyteValueThatFits()
    {
        var parsed = SwapUsageParser.Parse("total = 9007199254740991.00G used = 0M free = 0M");

        Assert.Equal(9007199254740991L * 1024, parsed.Value?.TotalMb);
    }

    [Fact]
    public void ExtraLineIsAnError()
    {
        var parsed = SwapUsageParser.Parse("total = 1.00M used = 0.00M free = 1.00M\nsecond");

        Assert.Equal(new ParseError(SwapUsageParser.Source, 2, "unexpected extra line", "second"), parsed.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\r\n")]
    public void EmptyInputIsAnError(string text)
    {
        Assert.Equal(new ParseError(SwapUsageParser.Source, 0, "empty input"), SwapUsageParser.Parse(text).Error);
    }
}
