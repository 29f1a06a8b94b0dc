using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;

namespace Sanctum.Policy.Classification;

/// <summary>What the classifier saw and concluded in one tick.</summary>
public sealed record PressureClassification(
    PressureLevel Level,
    PressureLevel ThresholdLevel,
    PressureLevel KernelLevel,
    double CompressorMbPerSecond,
    bool LeakPromoted);

/// <summary>
/// The original classifier: threshold level (worse of available and swap), kernel level, the worse of
/// the two, then compressor-leak promotion of ORANGE to RED.
/// </summary>
public static class Classifier
{
    public static PressureLevel FromThresholds(long availableMb, double swapPercent, Thresholds t)
    {
        var byAvailable =
            availableMb <= t.Red.AvailableMb ? PressureLevel.Red :
            availableMb <= t.Orange.AvailableMb ? PressureLevel.Orange :
            availableMb <= t.Yellow.AvailableMb ? PressureLevel.Yellow : PressureLevel.Green;
        var bySwap =
            swapPercent >= t.Red.SwapPercent ? PressureLevel.Red :
            swapPercent >= t.Orange.SwapPercent ? PressureLevel.Orange :
            swapPercent >= t.Yellow.SwapPercent ? PressureLevel.Yellow : PressureLevel.Green;
        return PressureLevelExtensions.Worst(byAvailable, bySwap);
    }

    /// <summary>Maps the kernel enum with ≥ so that an unexpected larger value never under-reports.</summary>
    public static PressureLevel FromKernel(int kernelLevel) =>
        kernelLevel >= 4 ? PressureLevel.Red :
        kernelLevel >= 3 ? PressureLevel.Orange :
        kernelLevel >= 2 ? PressureLevel.Yellow : PressureLevel.Green;

    public static PressureClassification Classify(PressureSample sample, CompressorWindow window, Thresholds thresholds, CompressorLeakOptions leak)
    {
        var byThresholds = FromThresholds(sample.AvailableMb, sample.SwapPercent, thresholds);
        var byKernel = FromKernel(sample.KernelLevel);
        var level = PressureLevelExtensions.Worst(byThresholds, byKernel);
        var growth = window.GrowthMbPerSecond;
        var promoted = level == PressureLevel.Orange && growth > leak.MbPerSecond;
        return new PressureClassification(promoted ? PressureLevel.Red : level, byThresholds, byKernel, growth, promoted);
    }
}
