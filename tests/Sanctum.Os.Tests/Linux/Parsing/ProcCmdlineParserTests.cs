using Sanctum.Os.Linux;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class ProcCmdlineParserTests
{
    [Theory]
    [InlineData("/usr/bin/python3\0-m\0http.server\0", "/usr/bin/python3 -m http.server")]
    [InlineData("/usr/bin/python3\0-m\0http.server", "/usr/bin/python3 -m http.server")]
    [InlineData("", "")]
    [InlineData("\0", "")]
    [InlineData("qemu-system-x86_64\0\0\0\0\0\0", "qemu-system-x86_64")]
    [InlineData("a\0\0b\0", "a  b")]
    [InlineData("/opt/My App/bin/app\0--title=日本語\0", "/opt/My App/bin/app --title=日本語")]
    [InlineData("nginx: worker process", "nginx: worker process")]
    public void JoinsArgvWithSpaces(string raw, string expected)
    {
        Assert.Equal(expected, ProcCmdlineParser.Parse(raw));
    }
}
