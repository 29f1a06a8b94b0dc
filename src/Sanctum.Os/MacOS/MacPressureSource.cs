using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>Pressure from <c>sysctl</c> (kernel level, swap) and <c>vm_stat</c> (available memory, compressor).</summary>
/// <param name="nativeRejected">Why the native reading is not used, when it was tried and refused.</param>
public sealed class MacPressureSource(ICommandRunner runner, string? nativeRejected = null) : IPressurePort
{
    public const string Description = "commands (vm_stat, sysctl)";

    public string Reading => nativeRejected is null ? Description : $"{Description}; native not used: {nativeRejected}";

    public Parsed<PressureSample> Sample(DateTimeOffset now)
    {
        var level = Read(MacCommands.Sysctl, ["-n", PressureLevelParser.Source], PressureLevelParser.Parse);
        if (level.Error is { } levelError)
            return Parsed<PressureSample>.Failure(levelError);
        var swap = Read(MacCommands.Sysctl, ["-n", SwapUsageParser.Source], SwapUsageParser.Parse);
        if (swap.Value is not { } swapUsage)
            return Parsed<PressureSample>.Failure(swap.Error!);
        var vm = Read(MacCommands.VmStat, [], VmStatParser.Parse);
        if (vm.Value is not { } vmStat)
            return Parsed<PressureSample>.Failure(vm.Error!);

        return Parsed<PressureSample>.Success(new PressureSample(
            now, vmStat.AvailableMb, swapUsage.UsedMb, swapUsage.TotalMb, level.Value, vmStat.CompressorMb));
    }

    private Parsed<T> Read<T>(string file, string[] args, Func<string, Parsed<T>> parse)
    {
        var result = runner.Run(file, args, MacCommands.Timeout);
        return result.Succeeded
            ? parse(result.Output)
            : Parsed<T>.Failure(new ParseError(string.Join(' ', [file, .. args]), 0, result.ToString()));
    }
}
