using Sanctum.Policy.Domain;

namespace Sanctum.Os.MacOS;

/// <summary>Whether the native reading may be trusted, and why not.</summary>
public sealed record CrossCheckVerdict(bool UseNative, string Why);

/// <summary>
/// Compares one native reading with one taken by the commands a moment later. The tolerance is wide on
/// purpose: memory moves between the two reads, and what this must catch is a wrong struct layout, unit or
/// page size, which is off by a factor, not by a few percent. A figure agrees when it is within
/// <see cref="ToleranceMb"/> MiB or <see cref="TolerancePercent"/> % of the command's figure, whichever is
/// larger; the kernel level must be equal.
/// </summary>
public static class PressureCrossCheck
{
    public const long ToleranceMb = 256;
    public const double TolerancePercent = 10;

    public static CrossCheckVerdict Decide(PressureSample? native, string? nativeError, PressureSample? commands)
    {
        if (native is null)
            return new(false, "native reading failed: " + (nativeError ?? "unknown"));
        if (commands is null)
            return new(true, "the commands could not be read; native used unchecked");
        if (native.KernelLevel != commands.KernelLevel)
            return new(false, $"kernel level {native.KernelLevel} native, {commands.KernelLevel} by sysctl");
        var off = new (string Name, long Native, long Commands)[]
        {
            ("available", native.AvailableMb, commands.AvailableMb),
            ("swap used", native.SwapUsedMb, commands.SwapUsedMb),
            ("swap total", native.SwapTotalMb, commands.SwapTotalMb),
            ("compressor", native.CompressorMb, commands.CompressorMb),
        }.Where(f => !Agree(f.Native, f.Commands)).ToArray();
        return off.Length == 0
            ? new(true, "native and commands agree")
            : new(false, string.Join("; ", off.Select(f => $"{f.Name} {f.Native} MB native, {f.Commands} MB by the commands")));
    }

    private static bool Agree(long native, long commands) =>
        Math.Abs(native - commands) <= Math.Max(ToleranceMb, Math.Abs(commands) * TolerancePercent / 100);
}
