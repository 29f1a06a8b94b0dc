using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Policy.Tests.Domain;

/// <summary>The rule that decides "stalled" in the heartbeat and <c>status</c>, and whether systemd's watchdog is petted.</summary>
public sealed class ValveProgressTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(5, 15)]
    [InlineData(1, 10)]
    [InlineData(0.1, 10)]
    [InlineData(60, 180)]
    public void AStallIsThreeTicksWithoutAReadingAndNeverLessThanTenSeconds(double tickSeconds, double stallSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(stallSeconds), ValveProgress.StallAfter(TimeSpan.FromSeconds(tickSeconds)));

    [Fact]
    public void AValveIsStalledOnlyOnceItsLastReadingIsOlderThanTheBound()
    {
        var tick = TimeSpan.FromSeconds(5);
        var progress = new ValveProgress(0, T0).Next(T0.AddSeconds(1));

        Assert.Equal(1, progress.Readings);
        Assert.False(progress.IsStalled(T0.AddSeconds(16), tick));
        Assert.True(progress.IsStalled(T0.AddSeconds(16.001), tick));
        Assert.False(progress.Next(T0.AddSeconds(16)).IsStalled(T0.AddSeconds(17), tick));
    }
}
