using Sanctum.Os.Linux;
using Xunit;

namespace Sanctum.Os.Tests.Linux;

public sealed class OomScoreAdjustTests : IDisposable
{
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void LowersAHigherValueToTheTarget()
    {
        _proc.WriteFile("self/oom_score_adj", "0\n");

        var result = OomScoreAdjust.TryLower(_proc.Root);

        Assert.Equal(new OomAdjustResult(OomAdjustOutcome.Lowered, 0, -900), result);
        Assert.Equal("-900", File.ReadAllText(Path.Combine(_proc.Root, "self", "oom_score_adj")));
        Assert.Equal("oom_score_adj lowered from 0 to -900", result.ToString());
    }

    [Fact]
    public void LeavesALowerValueAlone()
    {
        _proc.WriteFile("self/oom_score_adj", "-1000\n");

        Assert.Equal(OomAdjustOutcome.AlreadyLow, OomScoreAdjust.TryLower(_proc.Root).Outcome);
        Assert.Equal("-1000\n", File.ReadAllText(Path.Combine(_proc.Root, "self", "oom_score_adj")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("lots\n")]
    public void MissingOrGarbledIsNotAvailable(string? content)
    {
        if (content is not null)
            _proc.WriteFile("self/oom_score_adj", content);

        var result = OomScoreAdjust.TryLower(_proc.Root);

        Assert.Equal(OomAdjustOutcome.NotAvailable, result.Outcome);
        Assert.Null(result.Before);
    }
}
