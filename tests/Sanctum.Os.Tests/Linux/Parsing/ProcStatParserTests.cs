using Sanctum.Os.Linux;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class ProcStatParserTests
{
    /// <summary>A 52-field stat line; fields after the comm are zero unless named.</summary>
    private static string StatLine(string pid, string comm, string state = "S", string ppid = "1", string startTime = "5000", string rss = "77")
    {
        var fields = Enumerable.Repeat("0", 50).ToArray();
        fields[0] = state;
        fields[1] = ppid;
        fields[5] = "-1";
        fields[19] = startTime;
        fields[21] = rss;
        fields[22] = "18446744073709551615";
        return $"{pid} ({comm}) {string.Join(' ', fields)}\n";
    }

    [Fact]
    public void RealProcess()
    {
        var parsed = ProcStatParser.Parse(Fixture.Read("linux/stat-sanctumd.txt"));

        Assert.Equal(new ProcStat(4448, "sanctumd", 'S', 1, 43607, 392512), parsed.Value);
    }

    [Fact]
    public void KernelThread()
    {
        var parsed = ProcStatParser.Parse(Fixture.Read("linux/stat-kthreadd.txt"));

        Assert.Equal(new ProcStat(2, "kthreadd", 'S', 0, 12, 0), parsed.Value);
    }

    [Theory]
    [InlineData("foo) Z 1 2")]
    [InlineData("Web Content")]
    [InlineData("(sd-pam)")]
    [InlineData(")")]
    [InlineData("((")]
    [InlineData("")]
    [InlineData("日本語 プロセス")]
    [InlineData("new\nline")]
    [InlineData("cr\r\n")]
    public void CommRunsFromFirstOpenToLastCloseParen(string comm)
    {
        var parsed = ProcStatParser.Parse(StatLine("1234", comm));

        Assert.Equal(new ProcStat(1234, comm, 'S', 1, 5000, 77), parsed.Value);
    }

    [Fact]
    public void CrlfTerminatorIsIgnored()
    {
        var parsed = ProcStatParser.Parse(StatLine("9", "x", state: "Z").Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(new ProcStat(9, "x", 'Z', 1, 5000, 77), parsed.Value);
    }

    [Theory]
    [InlineData("abc", "x", "S", "1", "5000", "77", "pid: not a non-negative integer: 'abc'")]
    [InlineData("", "x", "S", "1", "5000", "77", "pid: empty number")]
    [InlineData("99999999999", "x", "S", "1", "5000", "77", "pid: number out of range: '99999999999'")]
    [InlineData("1", "x", "SS", "1", "5000", "77", "state: expected one character, got 'SS'")]
    [InlineData("1", "x", "S", "-1", "5000", "77", "ppid: not a non-negative integer: '-1'")]
    [InlineData("1", "x", "S", "1", "99999999999999999999", "77", "starttime: number out of range: '99999999999999999999'")]
    [InlineData("1", "x", "S", "1", "5000", "12kB", "rss: not a non-negative integer: '12kB'")]
    public void BadFieldsAreNamed(string pid, string comm, string state, string ppid, string startTime, string rss, string message)
    {
        var text = StatLine(pid, comm, state, ppid, startTime, rss);
        var error = ProcStatParser.Parse(text).Error;

        Assert.Equal(new ParseError(ProcStatParser.Source, 1, message, text.TrimEnd('\n')), error);
    }

    [Theory]
    [InlineData("", "expected 'pid (comm) ...'")]
    [InlineData("1234 foo S 1 1 1", "expected 'pid (comm) ...'")]
    [InlineData("1234 )foo( S 1", "expected 'pid (comm) ...'")]
    [InlineData("1234 (foo", "expected 'pid (comm) ...'")]
    [InlineData("1234 (foo)", "truncated: 2 fields, need at least 24")]
    [InlineData("4448 (sanctumd) S 1 4448 4448 0 -1 4194304 15230 0 12 0 845 120 0 0 20 0 9 0 43607 3133440000", "truncated: 23 fields, need at least 24")]
    public void TruncatedOrShapelessInputIsAnError(string text, string message)
    {
        Assert.Equal(new ParseError(ProcStatParser.Source, 1, message, text), ProcStatParser.Parse(text).Error);
    }
}
