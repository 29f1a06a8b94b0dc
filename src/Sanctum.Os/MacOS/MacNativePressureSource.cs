using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>
/// Pressure read through libSystem with no fork: <c>host_statistics64(HOST_VM_INFO64)</c> with
/// <c>host_page_size</c>, and <c>sysctlbyname</c> for <c>vm.swapusage</c> and
/// <c>kern.memorystatus_vm_pressure_level</c> (bytes and ints, so no locale is involved).
/// </summary>
public sealed class MacNativePressureSource : IPressurePort
{
    public const string Description = "native (host_statistics64, sysctlbyname)";

    private readonly byte[] _vm = new byte[MacNativeLayout.VmStatistics64Size];
    private readonly byte[] _swap = new byte[MacNativeLayout.XswUsageSize];
    private readonly byte[] _level = new byte[sizeof(int)];

    public string Reading => Description;

    public Parsed<PressureSample> Sample(DateTimeOffset now)
    {
        var host = MacNative.mach_host_self();
        var words = (uint)(_vm.Length / sizeof(int));
        if (MacNative.host_page_size(host, out var pageSize) != MacNative.KernSuccess)
            return Parsed<PressureSample>.Failure(new ParseError("host_page_size", 0, "failed"));
        if (MacNative.host_statistics64(host, MacNative.HostVmInfo64, _vm, ref words) != MacNative.KernSuccess)
            return Parsed<PressureSample>.Failure(new ParseError(MacNativeLayout.VmSource, 0, "failed"));
        var vm = MacNativeLayout.DecodeVmStatistics64(_vm.AsSpan(0, (int)Math.Min(words * sizeof(int), (uint)_vm.Length)), (long)pageSize);
        if (vm.Value is not { } vmStat)
            return Parsed<PressureSample>.Failure(vm.Error!);
        if (SysctlFailure(PressureLevelParser.Source, _level, MacNativeLayout.LevelSource) is { } levelError)
            return Parsed<PressureSample>.Failure(levelError);
        var level = MacNativeLayout.DecodePressureLevel(_level);
        if (level.Error is { } badLevel)
            return Parsed<PressureSample>.Failure(badLevel);
        if (SysctlFailure(SwapUsageParser.Source, _swap, MacNativeLayout.SwapSource) is { } swapError)
            return Parsed<PressureSample>.Failure(swapError);
        var swap = MacNativeLayout.DecodeSwapUsage(_swap);
        if (swap.Value is not { } swapUsage)
            return Parsed<PressureSample>.Failure(swap.Error!);
        return Parsed<PressureSample>.Success(new PressureSample(
            now, vmStat.AvailableMb, swapUsage.UsedMb, swapUsage.TotalMb, level.Value, vmStat.CompressorMb));
    }

    private static ParseError? SysctlFailure(string name, byte[] buffer, string source)
    {
        var length = (nuint)buffer.Length;
        if (MacNative.sysctlbyname(name, buffer, ref length, IntPtr.Zero, 0) != 0)
            return new ParseError(source, 0, $"failed, errno {Libc.Errno}");
        return length == (nuint)buffer.Length ? null : new ParseError(source, 0, $"{length} bytes, expected {buffer.Length}");
    }
}
