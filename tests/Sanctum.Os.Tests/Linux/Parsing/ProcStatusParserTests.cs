using Sanctum.Os.Linux;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class ProcStatusParserTests
{
    private const string Minimal = "Name:\tsanctumd\nState:\tS (sleeping)\nUid:\t1000\t1000\t1000\t1000\nVmRSS:\t    2048 kB\n";

    [Fact]
    public void UserProcess()
    {
        var parsed = ProcStatusParser.Parse(Fixture.Read("linux/status-sanctumd.txt"));

        Assert.Equal(new ProcStatus("sanctumd", 'S', 1570048, 1000), parsed.Value);
    }

    [Fact]
    public void KernelThreadHasNoRss()
    {
        var parsed = ProcStatusParser.Parse(Fixture.Read("linux/status-kthreadd.txt"));

        Assert.Equal(new ProcStatus("kthreadd", 'S', null, 0), parsed.Value);
    }

    [Theory]
    [InlineData("Name:\tWeb Content", "Web Content")]
    [InlineData("Name:\ttrailing  ", "trailing  ")]
    [InlineData("Name:\ta:b", "a:b")]
    [InlineData("Name:\tnew\\nline", "new\\nline")]
    [InlineData("Name:\t日本語", "日本語")]
    [InlineData("Name:\t", "")]
    [InlineData("Name:  spaced", "spaced")]
    public void NameIsKeptAsPrinted(string nameLine, string name)
    {
        var parsed = ProcStatusParser.Parse(Minimal.Replace("Name:\tsanctumd", nameLine, StringComparison.Ordinal));

        Assert.Equal(name, parsed.Value?.Name);
    }

    [Theory]
    [InlineData("State:\tR (running)", 'R')]
    [InlineData("State:\tT (stopped)", 'T')]
    [InlineData("State:\tZ", 'Z')]
    public void StateIsTheFirstLetter(string stateLine, char state)
    {
        var parsed = ProcStatusParser.Parse(Minimal.Replace("State:\tS (sleeping)", stateLine, StringComparison.Ordinal));

        Assert.Equal(state, parsed.Value?.State);
    }

    [Fact]
    public void LargestUidFits()
    {
        var parsed = ProcStatusParser.Parse(Minimal.Replace("Uid:\t1000", "Uid:\t4294967294", StringComparison.Ordinal));

        Assert.Equal(4294967294u, parsed.Value?.Uid);
    }

    [Fact]
    public void CrlfInput()
    {
        var parsed = ProcStatusParser.Parse(Minimal.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(new ProcStatus("sanctumd", 'S', 2048, 1000), parsed.Value);
    }

    [Theory]
    [InlineData("VmRSS:\t    2048 kB", "VmRSS:\tabc kB", "VmRSS: not a non-negative integer: 'abc'")]
    [InlineData("VmRSS:\t    2048 kB", "VmRSS:\t2048", "VmRSS: expected 'N kB', got '2048'")]
    [InlineData("VmRSS:\t    2048 kB", "VmRSS:\t2048 MB", "VmRSS: expected 'N kB', got '2048 MB'")]
    [InlineData("VmRSS:\t    2048 kB", "VmRSS:\t99999999999999999999 kB", "VmRSS: number out of range: '99999999999999999999'")]
    [InlineData("Uid:\t1000\t1000\t1000\t1000", "Uid:\t1000\t1000", "Uid: expected four ids, got '1000\t1000'")]
    [InlineData("Uid:\t1000\t1000\t1000\t1000", "Uid:\t4294967296\t0\t0\t0", "Uid: number out of range: '4294967296'")]
    [InlineData("Uid:\t1000\t1000\t1000\t1000", "Uid:\t-1\t0\t0\t0", "Uid: not a non-negative integer: '-1'")]
    [InlineData("State:\tS (sleeping)", "State:\tsleeping", "State: expected 'X (description)', got 'sleeping'")]
    [InlineData("State:\tS (sleeping)", "State:\t", "State: expected 'X (description)', got ''")]
    public void BadValueNamesItsLine(string good, string bad, string message)
    {
        var text = Minimal.Replace(good, bad, StringComparison.Ordinal);
        var line = Array.IndexOf(text.Split('\n'), bad) + 1;

        Assert.Equal(new ParseError(ProcStatusParser.Source, line, message, bad), ProcStatusParser.Parse(text).Error);
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("State")]
    [InlineData("Uid")]
    [InlineData("VmRSS")]
    public void DuplicateKeyIsAnError(string key)
    {
        var duplicate = Minimal.Split('\n').First(l => l.StartsWith(key + ":", StringComparison.Ordinal));

        var error = ProcStatusParser.Parse(Minimal + duplicate).Error;

        Assert.Equal(new ParseError(ProcStatusParser.Source, 5, $"duplicate key '{key}'", duplicate), error);
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("State")]
    [InlineData("Uid")]
    public void MissingRequiredKeyIsNamed(string key)
    {
        var text = string.Join('\n', Minimal.Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal)));

        Assert.Equal(new ParseError(ProcStatusParser.Source, 0, $"missing key '{key}'"), ProcStatusParser.Parse(text).Error);
    }
}
