using Sanctum.Policy.Classification;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Xunit;

namespace Sanctum.Policy.Tests.Policy;

public sealed class ClassifierTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 19, 23, 58, 0, TimeSpan.Zero);

    private static PressureSample Sample(long availableMb, double swapPercent, int kernel = 1, long compressorMb = 10_000, double atSeconds = 0) =>
        new(T0.AddSeconds(atSeconds), availableMb, (long)(swapPercent * 327.68), 32_768, kernel, compressorMb);

    private static PressureClassification Classify(PressureSample sample, CompressorWindow? window = null) =>
        Classifier.Classify(sample, (window ?? CompressorWindow.Empty(TimeSpan.FromSeconds(30))).Add(sample), Thresholds.Default, CompressorLeakOptions.Default);

    [Fact]
    public void PanicConditionsClassifyRed()
    {
        // 2026-04-19 23:58: 1.2 GB available, 97 % swap, kernel CRITICAL.
        var result = Classify(Sample(1_200, 97, kernel: 4));

        Assert.Equal(PressureLevel.Red, result.Level);
        Assert.Equal(PressureLevel.Red, result.ThresholdLevel);
        Assert.Equal(PressureLevel.Red, result.KernelLevel);
    }

    [Fact]
    public void LoadBurstSnapshotWithNoLeakStillClassifiesRed()
    {
        // Starvation with a flat compressor: the available path must not be swallowed by the leak path.
        var window = CompressorWindow.Empty(TimeSpan.FromSeconds(30))
            .Add(Sample(1_500, 40, compressorMb: 5_000, atSeconds: 0))
            .Add(Sample(1_500, 40, compressorMb: 5_000, atSeconds: 15));

        var result = Classify(Sample(1_500, 40, compressorMb: 5_000, atSeconds: 30), window);

        Assert.Equal(PressureLevel.Red, result.Level);
        Assert.False(result.LeakPromoted);
        Assert.Equal(0, result.CompressorMbPerSecond);
    }

    [Fact]
    public void KernelWarnWithCalmThresholdsIsYellow()
    {
        var result = Classify(Sample(40_000, 10, kernel: 2));

        Assert.Equal(PressureLevel.Green, result.ThresholdLevel);
        Assert.Equal(PressureLevel.Yellow, result.Level);
    }

    [Fact]
    public void ThresholdRedWinsOverANormalKernel() =>
        Assert.Equal(PressureLevel.Red, Classify(Sample(1_000, 10, kernel: 1)).Level);

    [Fact]
    public void OrangeWithCompressorGrowingAt850MbPerSecondIsRed()
    {
        var window = CompressorWindow.Empty(TimeSpan.FromSeconds(30)).Add(Sample(4_000, 50, compressorMb: 10_000, atSeconds: 0));

        var result = Classify(Sample(4_000, 50, compressorMb: 10_000 + 850 * 20, atSeconds: 20), window);

        Assert.Equal(PressureLevel.Orange, result.ThresholdLevel);
        Assert.Equal(850, result.CompressorMbPerSecond, precision: 3);
        Assert.True(result.LeakPromoted);
        Assert.Equal(PressureLevel.Red, result.Level);
    }

    [Fact]
    public void OrangeWithAFlatCompressorStaysOrange()
    {
        var window = CompressorWindow.Empty(TimeSpan.FromSeconds(30)).Add(Sample(4_000, 50, compressorMb: 10_000, atSeconds: 0));

        var result = Classify(Sample(4_000, 50, compressorMb: 10_010, atSeconds: 20), window);

        Assert.Equal(PressureLevel.Orange, result.Level);
        Assert.False(result.LeakPromoted);
    }

    [Fact]
    public void LeakGrowthDoesNotPromoteBelowOrange()
    {
        var window = CompressorWindow.Empty(TimeSpan.FromSeconds(30)).Add(Sample(7_000, 50, compressorMb: 0, atSeconds: 0));

        Assert.Equal(PressureLevel.Yellow, Classify(Sample(7_000, 50, compressorMb: 20_000, atSeconds: 10), window).Level);
    }

    [Fact]
    public void CompressorWindowForgetsReadingsOlderThanTheWindow()
    {
        var window = CompressorWindow.Empty(TimeSpan.FromSeconds(30))
            .Add(Sample(4_000, 50, compressorMb: 0, atSeconds: 0))
            .Add(Sample(4_000, 50, compressorMb: 30_000, atSeconds: 10))
            .Add(Sample(4_000, 50, compressorMb: 30_000, atSeconds: 45));

        Assert.Equal(0, window.GrowthMbPerSecond);
    }

    [Theory]
    [InlineData(0, PressureLevel.Green)]
    [InlineData(1, PressureLevel.Green)]
    [InlineData(2, PressureLevel.Yellow)]
    [InlineData(3, PressureLevel.Orange)]
    [InlineData(4, PressureLevel.Red)]
    [InlineData(7, PressureLevel.Red)]
    [InlineData(-3, PressureLevel.Green)]
    public void KernelLevelIsMappedWithGreaterOrEqual(int kernel, PressureLevel expected) =>
        Assert.Equal(expected, Classifier.FromKernel(kernel));

    [Theory]
    [InlineData(8_193, 69.9, PressureLevel.Green)]
    [InlineData(8_192, 0, PressureLevel.Yellow)]
    [InlineData(50_000, 70, PressureLevel.Yellow)]
    [InlineData(4_096, 0, PressureLevel.Orange)]
    [InlineData(50_000, 85, PressureLevel.Orange)]
    [InlineData(2_048, 0, PressureLevel.Red)]
    [InlineData(50_000, 95, PressureLevel.Red)]
    [InlineData(5_000, 96, PressureLevel.Red)]
    public void ThresholdLevelIsTheWorseOfAvailableAndSwap(long available, double swap, PressureLevel expected) =>
        Assert.Equal(expected, Classifier.FromThresholds(available, swap, Thresholds.Default));
}
