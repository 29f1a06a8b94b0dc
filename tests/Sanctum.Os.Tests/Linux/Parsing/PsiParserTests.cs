using Sanctum.Os.Linux;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class PsiParserTests
{
    private const string Calm = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";

    [Fact]
    public void StallingMachine()
    {
        var parsed = PsiParser.Parse(Fixture.Read("linux/pressure-memory-stalling.txt"));

        Assert.Equal(new Psi(42.17, 18.05, 31.50, 12.75), parsed.Value);
    }

    [Theory]
    [InlineData(Calm)]
    [InlineData("full avg10=0.00 avg60=0.00 avg300=0.00 total=0\r\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=0\r\n")]
    [InlineData("\nsome total=0 avg60=0 avg10=0 future=1.5\n\nfull avg60=0.00 avg10=0.00\n")]
    public void CalmMachineInAnyLayout(string text)
    {
        Assert.Equal(new Psi(0, 0, 0, 0), PsiParser.Parse(text).Value);
    }

    [Fact]
    public void HundredPercentIsAllowed()
    {
        var parsed = PsiParser.Parse("some avg10=100.00 avg60=99.99 avg300=0 total=0\nfull avg10=100 avg60=0.01 avg300=0 total=0");

        Assert.Equal(new Psi(100, 99.99, 100, 0.01), parsed.Value);
    }

    [Theory]
    [InlineData("some avg10=abc avg60=0.00 avg300=0.00 total=0", "avg10: not a percentage from 0 to 100: 'abc'")]
    [InlineData("some avg10=NaN avg60=0.00 avg300=0.00 total=0", "avg10: not a percentage from 0 to 100: 'NaN'")]
    [InlineData("some avg10=Infinity avg60=0.00 avg300=0.00 total=0", "avg10: not a percentage from 0 to 100: 'Infinity'")]
    [InlineData("some avg10=-1.00 avg60=0.00 avg300=0.00 total=0", "avg10: not a percentage from 0 to 100: '-1.00'")]
    [InlineData("some avg10=100.01 avg60=0.00 avg300=0.00 total=0", "avg10: not a percentage from 0 to 100: '100.01'")]
    [InlineData("some avg10=1e2 avg60=0.00 avg300=0.00 total=0", "avg10: not a percentage from 0 to 100: '1e2'")]
    [InlineData("some avg10= avg60=0.00 avg300=0.00 total=0", "avg10: not a percentage from 0 to 100: ''")]
    [InlineData("some avg10=0.00 avg60=99999999999999999999999999999999999999999999 total=0", "avg60: not a percentage from 0 to 100: '99999999999999999999999999999999999999999999'")]
    [InlineData("some avg10=0.00 avg10=0.00 avg60=0.00", "duplicate key 'avg10'")]
    [InlineData("some avg10 0.00 avg60=0.00", "expected key=value, got 'avg10'")]
    [InlineData("some =0.00 avg60=0.00", "expected key=value, got '=0.00'")]
    [InlineData("some avg10=0.00 avg300=0.00 total=0", "'some' line lacks avg10 or avg60")]
    [InlineData("some", "'some' line lacks avg10 or avg60")]
    [InlineData("partial avg10=0.00 avg60=0.00", "expected 'some' or 'full', got 'partial'")]
    [InlineData("full avg10=0.00 avg60=0.00 avg300=0.00 total=0", "duplicate 'full' line")]
    public void BadLineIsNamed(string bad, string message)
    {
        var text = "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n" + bad + "\n";

        Assert.Equal(new ParseError(PsiParser.Source, 2, message, bad), PsiParser.Parse(text).Error);
    }

    [Theory]
    [InlineData("", "missing 'some' line")]
    [InlineData("full avg10=0.00 avg60=0.00 avg300=0.00 total=0", "missing 'some' line")]
    [InlineData("some avg10=0.00 avg60=0.00 avg300=0.00 total=0", "missing 'full' line")]
    public void MissingLineIsAnError(string text, string message)
    {
        Assert.Equal(new ParseError(PsiParser.Source, 0, message), PsiParser.Parse(text).Error);
    }
}
