using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Sampling;
using Xunit;
using static Sanctum.Policy.Domain.PressureLevel;

namespace Sanctum.Policy.Tests.Sampling;

public sealed class SamplingCadenceTests
{
    private static readonly Thresholds Thresholds = Thresholds.Default; // ORANGE 4096 MB / 85 %, RED 2048 MB / 95 %
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    private static double NextMs(long availableMb, PressureLevel confirmed, long swapUsedMb = 0, long swapTotalMb = 0) =>
        SamplingCadence.Next(new PressureSample(DateTimeOffset.UnixEpoch, availableMb, swapUsedMb, swapTotalMb, 1, 0), confirmed, Thresholds, SensingOptions.Default, Tick).TotalMilliseconds;

    [Theory]
    [InlineData(64_000, 5000)] // 60 GB from ORANGE: a full tick
    [InlineData(10_096, 1000)] // 6000 MB from ORANGE at 6000 MB/s: one second
    [InlineData(4_696, 100)] // 600 MB away
    [InlineData(4_156, 20)] // 60 MB away: the floor, not 10 ms
    [InlineData(4_096, 20)] // on the threshold
    public void TheNextReadingComesWhenTheNearestRemedyThresholdCouldFirstBeReached(long availableMb, double expectedMs) =>
        Assert.Equal(expectedMs, NextMs(availableMb, Green), precision: 3);

    [Fact]
    public void OnceOrangeIsConfirmedOnlyRedIsAhead() =>
        Assert.Equal(Math.Min(5000, (3_000 - 2_048) / 6.0), NextMs(3_000, Orange), precision: 3);

    [Fact]
    public void AtRedNothingIsAheadAndTheSamplerReadsOnceATick() =>
        Assert.Equal(5000, NextMs(1_000, Red));

    [Fact]
    public void SwapHeadroomCountsWhereThereIsSwap() =>
        // 84 % of 32 GB used: ORANGE (85 %) is 327.68 MB of swap away, nearer than available memory is.
        Assert.Equal(327.68 / 6.0, NextMs(60_000, Green, swapUsedMb: 27_525, swapTotalMb: 32_768), precision: 0);

    [Fact]
    public void WithoutSwapOnlyAvailableMemoryCounts() =>
        Assert.Equal(5000, NextMs(64_000, Green, swapUsedMb: 0, swapTotalMb: 0));
}
