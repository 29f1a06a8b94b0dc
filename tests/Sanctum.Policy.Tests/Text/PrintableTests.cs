using Sanctum.Policy.Text;
using Xunit;

namespace Sanctum.Policy.Tests.Text;

public sealed class PrintableTests
{
    [Theory]
    [InlineData("x\n[ERR] FAKE", @"x\n[ERR] FAKE")]
    [InlineData("a\r\tb", @"a\r\tb")]
    [InlineData("\x1b[31mred\x1b[0m", @"\e[31mred\e[0m")]
    [InlineData("nul\0bel\a", @"nul\x00bel\x07")]
    [InlineData("del\x7f csi\u009b", @"del\x7f csi\x9b")]
    [InlineData("line\u2028sep", @"line\u{2028}sep")]
    [InlineData("evil\u202egnp.exe", @"evil\u{202e}gnp.exe")]
    public void ControlCharactersBecomeVisibleEscapes(string hostile, string shown) =>
        Assert.Equal(shown, Printable.Of(hostile));

    [Theory]
    [InlineData("firefox")]
    [InlineData("Docker.app/Contents/MacOS/com.docker.vz --cpus 4")]
    [InlineData(@"C:\path\n stays")]
    [InlineData("naïve 日本語 ✓")]
    public void PrintableTextIsReturnedAsItIs(string text) => Assert.Same(text, Printable.Of(text));

    [Fact]
    public void NoTextIsEmpty() => Assert.Equal("", Printable.Of(null));

    [Fact]
    public void NothingUnprintableSurvives()
    {
        var every = new string([.. Enumerable.Range(0, 0x3000).Select(i => (char)i).Where(c => !char.IsSurrogate(c))]);

        var shown = Printable.Of(every);

        Assert.DoesNotContain(shown, c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202e');
    }
}
