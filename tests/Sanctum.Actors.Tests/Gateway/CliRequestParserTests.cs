using System.Text;
using Sanctum.Actors.Gateway;
using Xunit;

namespace Sanctum.Actors.Tests.Gateway;

public sealed class CliRequestParserTests
{
    private static ParsedRequest Parse(string line) => CliRequestParser.Parse(Encoding.UTF8.GetBytes(line));

    [Theory]
    [InlineData("""{"command":"status"}""", typeof(StatusRequest))]
    [InlineData("""{"command":"actors"}""", typeof(ActorsRequest))]
    [InlineData("""{"command":"ps"}""", typeof(PsRequest))]
    [InlineData("""{"command":"history"}""", typeof(HistoryRequest))]
    [InlineData("""{"command":"arm"}""", typeof(ArmRequest))]
    public void KnownCommandsParse(string line, Type expected) => Assert.IsType(expected, Parse(line).Request);

    [Fact]
    public void InvalidUtf8IsRefusedWithAReply()
    {
        byte[] line = [.. Encoding.ASCII.GetBytes("{\"command\":\""), 0xff, 0xfe, .. Encoding.ASCII.GetBytes("\"}")];

        var parsed = CliRequestParser.Parse(line);

        Assert.Null(parsed.Request);
        Assert.Equal("a request is UTF-8 text", parsed.Error);
    }

    [Fact]
    public void AKeyGivenTwiceIsRefusedNotTakenLastWins()
    {
        var parsed = Parse("""{"command":"status","command":"arm"}""");

        Assert.Null(parsed.Request);
        Assert.StartsWith("malformed JSON", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AHistorySinceBeforeTheCalendarIsRefused() =>
        Assert.Null(Parse("""{"command":"history","since_seconds":900000000000}""").Request);

    [Fact]
    public void ArgumentsAreRead()
    {
        Assert.Equal(new WhyRequest(42), Parse("""{"command":"why","pid":42}""").Request);
        Assert.Equal(new ThawRequest(7), Parse("""{"command":"thaw","pid":7}""").Request);
        Assert.Equal(new PsRequest(true), Parse("""{"command":"ps","all":true}""").Request);
        Assert.Equal(new HistoryRequest(TimeSpan.FromHours(1)), Parse("""{"command":"history","since_seconds":3600}""").Request);
        Assert.Equal(new ArmRequest(false), Parse("""{"command":"disarm"}""").Request);
    }

    [Theory]
    [InlineData("not json", "malformed JSON")]
    [InlineData("{\"command\":", "malformed JSON")]
    [InlineData("", "malformed JSON")]
    [InlineData("[1,2]", "a request is a JSON object")]
    [InlineData("""{"cmd":"status"}""", "no \"command\" string")]
    [InlineData("""{"command":"dance"}""", "unknown command \"dance\"")]
    [InlineData("""{"command":"why"}""", "\"pid\" must be a positive integer")]
    [InlineData("""{"command":"thaw","pid":-3}""", "\"pid\" must be a positive integer")]
    [InlineData("""{"command":"thaw","pid":"12"}""", "\"pid\" must be a positive integer")]
    [InlineData("""{"command":"ps","all":"yes"}""", "\"all\" must be true or false")]
    [InlineData("""{"command":"history","since_seconds":0}""", "\"since_seconds\" must be a positive integer")]
    public void BadRequestsAreRefusedWithAReason(string line, string reason)
    {
        var parsed = Parse(line);

        Assert.Null(parsed.Request);
        Assert.Contains(reason, parsed.Error);
    }

    [Fact]
    public void OversizeRequestsAreRefusedBeforeParsing()
    {
        var line = "{\"command\":\"status\",\"pad\":\"" + new string('x', CliRequestParser.MaxRequestBytes) + "\"}";

        Assert.Contains("request too large", Parse(line).Error);
    }

    [Fact]
    public void DeeplyNestedJsonIsRefusedNotAStackOverflow() =>
        Assert.Contains("malformed JSON", Parse(new string('[', 10_000)).Error);
}
