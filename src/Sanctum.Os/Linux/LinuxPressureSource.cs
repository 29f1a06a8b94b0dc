using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.Linux;

/// <summary>
/// Pressure from <c>/proc/meminfo</c> (available memory, swap) and <c>/proc/pressure/memory</c> (PSI, mapped by
/// <see cref="PsiKernelLevel"/>). Without PSI the kernel level is 1 and the thresholds decide alone. There is
/// no compressor figure on Linux: zswap is not modelled.
/// </summary>
public sealed class LinuxPressureSource(string procRoot = "/proc") : IPressurePort
{
    private readonly string _memInfoPath = Path.Join(procRoot, "meminfo");
    private readonly string _psiPath = Path.Join(procRoot, "pressure", "memory");

    public string Reading => "/proc/meminfo + /proc/pressure/memory";

    public Parsed<PressureSample> Sample(DateTimeOffset now)
    {
        string memText;
        try
        {
            memText = File.ReadAllText(_memInfoPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Parsed<PressureSample>.Failure(new ParseError(MemInfoParser.Source, 0, "unreadable: " + e.Message));
        }

        var memInfo = MemInfoParser.Parse(memText);
        if (memInfo.Value is not { } mem)
            return Parsed<PressureSample>.Failure(memInfo.Error!);

        var kernelLevel = 1;
        if (TryReadPsi() is { } psiText)
        {
            var psi = PsiParser.Parse(psiText);
            if (psi.Value is not { } value)
                return Parsed<PressureSample>.Failure(psi.Error!);
            kernelLevel = PsiKernelLevel.From(value);
        }

        return Parsed<PressureSample>.Success(
            new PressureSample(now, mem.AvailableMb, mem.SwapUsedMb, mem.SwapTotalMb, kernelLevel, CompressorMb: 0));
    }

    private string? TryReadPsi()
    {
        try
        {
            return File.ReadAllText(_psiPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Absent before Linux 4.20 and in some containers; compiled in but disabled (psi=0) it answers
            // EOPNOTSUPP on read. Either way the level falls back to the thresholds.
            return null;
        }
    }
}
