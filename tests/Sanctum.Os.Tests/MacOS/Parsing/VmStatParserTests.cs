using Sanctum.Os.MacOS;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class VmStatParserTests
{
    private const string Body = """
        Pages free:                                4210.
        Pages active:                           2451200.
        Pages inactive:                           68000.
        Pages speculative:                         2100.
        Pages wired down:                        520000.
        Pages purgeable:                           4282.
        File-backed pages:                       210000.
        Pages occupied by compressor:           1310720.
        """;

    [Fact]
    public void AppleSilicon16kPages()
    {
        var parsed = VmStatParser.Parse(Fixture.Read("macos/vm_stat-16k-apple-silicon.txt"));

        Assert.True(parsed.Ok, parsed.Error?.ToString());
        Assert.Equal(new VmStat(16384, 4210, 2451200, 68000, 2100, 520000, 4282, 1310720, 210000), parsed.Value);
        // 1.2 GB available at the 2026-04-19 panic.
        Assert.Equal(1228, parsed.Value!.AvailableMb);
        Assert.Equal(20480, parsed.Value.CompressorMb);
    }

    [Fact]
    public void Intel4kPages()
    {
        var parsed = VmStatParser.Parse(Fixture.Read("macos/vm_stat-4k-intel.txt"));

        Assert.True(parsed.Ok, parsed.Error?.ToString());
        Assert.Equal(new VmStat(4096, 20000, 1800000, 500000, 30000, 700000, 12000, 250000, 610000), parsed.Value);
        Assert.Equal(2195, parsed.Value!.AvailableMb);
        Assert.Equal(976, parsed.Value.CompressorMb);
    }

    [Fact]
    public void MissingHeaderIsAnErrorNotA4kGuess()
    {
        var parsed = VmStatParser.Parse(Fixture.Read("macos/vm_stat-no-header.txt"));

        Assert.False(parsed.Ok);
        Assert.Null(parsed.Value);
        Assert.Equal(1, parsed.Error!.Line);
        Assert.Equal("Pages free:                                4210.", parsed.Error.Text);
        Assert.StartsWith("expected header", parsed.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Mach Virtual Memory Statistics: (page size of 0 bytes)")]
    [InlineData("Mach Virtual Memory Statistics: (page size of 16385 bytes)")]
    [InlineData("Mach Virtual Memory Statistics: (page size of 131072 bytes)")]
    [InlineData("Mach Virtual Memory Statistics: (page size of 256 bytes)")]
    [InlineData("Mach Virtual Memory Statistics: (page size of -16384 bytes)")]
    [InlineData("Mach Virtual Memory Statistics: (page size of 99999999999999999999999 bytes)")]
    [InlineData("Mach Virtual Memory Statistics: (page size of bytes)")]
    [InlineData("Mach Virtual Memory Statistics: (page size of  bytes)")]
    [InlineData("Mach Virtual Memory Statistics: (page size of 16 KiB)")]
    [InlineData("Mach Virtual Memory Statistics:")]
    [InlineData("Mach Virtual Memory Statistics: (page size of 16384 bytes")]
    [InlineData("mach virtual memory statistics: (page size of 16384 bytes)")]
    public void GarbledHeaderIsAnErrorOnLine1(string header)
    {
        var parsed = VmStatParser.Parse(header + "\n" + Body);

        Assert.False(parsed.Ok);
        Assert.Equal(1, parsed.Error!.Line);
        Assert.Equal(header, parsed.Error.Text);
    }

    [Theory]
    [InlineData("Mach Virtual Memory Statistics: (page size of 512 bytes)", 512L)]
    [InlineData("Mach Virtual Memory Statistics: (page size of 4096 bytes)", 4096L)]
    [InlineData("  Mach Virtual Memory Statistics:   (page size of 16384 bytes)  ", 16384L)]
    [InlineData("Mach Virtual Memory Statistics: (page size of 65536 bytes)", 65536L)]
    public void HeaderPageSizes(string header, long pageSize)
    {
        var parsed = VmStatParser.Parse("\n\n" + header + "\n" + Body);

        Assert.Equal(pageSize, parsed.Value?.PageSizeBytes);
    }

    [Theory]
    [InlineData("Pages free:                                abc.", "Pages free: not a non-negative integer: 'abc'")]
    [InlineData("Pages free:                                12.5.", "Pages free: not a non-negative integer: '12.5'")]
    [InlineData("Pages free:                                -4.", "Pages free: not a non-negative integer: '-4'")]
    [InlineData("Pages free:                                   .", "Pages free: empty number")]
    [InlineData("Pages free:", "Pages free: empty number")]
    [InlineData("Pages free:      99999999999999999999.", "Pages free: number out of range: '99999999999999999999'")]
    [InlineData("Pages inactive:                             1.", "duplicate key 'Pages inactive'")]
    public void BadValueNamesItsLine(string line, string message)
    {
        var text = "Mach Virtual Memory Statistics: (page size of 16384 bytes)\n" + Body + "\n" + line;
        var parsed = VmStatParser.Parse(text.Replace("Pages free:                                4210.\n", "", StringComparison.Ordinal));

        Assert.Equal(new ParseError(VmStatParser.Source, 9, message, line), parsed.Error);
    }

    [Theory]
    [InlineData("Pages free")]
    [InlineData("Pages purgeable")]
    [InlineData("Pages occupied by compressor")]
    [InlineData("File-backed pages")]
    public void MissingKeyIsNamed(string key)
    {
        var lines = Body.Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal));
        var parsed = VmStatParser.Parse("Mach Virtual Memory Statistics: (page size of 16384 bytes)\n" + string.Join('\n', lines));

        Assert.Equal(new ParseError(VmStatParser.Source, 0, $"missing key '{key}'"), parsed.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n \r\n")]
    public void EmptyInputIsAnError(string text)
    {
        Assert.Equal(new ParseError(VmStatParser.Source, 0, "empty input: no header"), VmStatParser.Parse(text).Error);
    }

    [Fact]
    public void CrlfAndMissingTrailingDotsAreAccepted()
    {
        var text = Fixture.Read("macos/vm_stat-4k-intel.txt").Replace(".\n", "\r\n", StringComparison.Ordinal);

        Assert.Equal(2195, VmStatParser.Parse(text).Value?.AvailableMb);
    }

    [Fact]
    public void HugeCountsDoNotOverflowTheMbHelpers()
    {
        var max = long.MaxValue;
        var stat = new VmStat(65536, max, max, max, max, max, max, max, max);

        Assert.Equal((long)((Int128)max * 4 / 16), stat.AvailableMb);
        Assert.Equal(max / 16, stat.CompressorMb);
    }
}
