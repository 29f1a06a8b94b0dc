namespace Sanctum.Policy.Domain;

/// <summary>The raw signals read in one tick.</summary>
/// <param name="KernelLevel">The kernel's own opinion: 1 NORMAL, 2 WARN, 3 URGENT, 4 CRITICAL (0 when unknown).</param>
/// <param name="CompressorMb">Memory held by the compressor (macOS) or 0 where there is none.</param>
public sealed record PressureSample(
    DateTimeOffset At,
    long AvailableMb,
    long SwapUsedMb,
    long SwapTotalMb,
    int KernelLevel,
    long CompressorMb)
{
    public double SwapPercent => SwapTotalMb <= 0 ? 0 : 100.0 * SwapUsedMb / SwapTotalMb;
}
