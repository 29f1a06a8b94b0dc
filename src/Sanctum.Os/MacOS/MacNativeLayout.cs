using System.Buffers.Binary;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>
/// Decodes the structs libSystem fills, as laid out by xnu (little-endian on both arm64 and x86_64 Macs).
/// <c>struct vm_statistics64</c> (osfmk/mach/vm_statistics.h, 8-byte aligned): natural_t is 32 bits,
/// the counters between are 64 bits. <c>struct xsw_usage</c> (bsd/sys/sysctl.h): three u_int64_t byte
/// counts, a u_int32_t page size and a 32-bit boolean_t.
/// </summary>
public static class MacNativeLayout
{
    public const string VmSource = "host_statistics64(HOST_VM_INFO64)";
    public const string SwapSource = "sysctlbyname(vm.swapusage)";
    public const string LevelSource = "sysctlbyname(kern.memorystatus_vm_pressure_level)";

    public const int FreeCountOffset = 0;
    public const int ActiveCountOffset = 4;
    public const int InactiveCountOffset = 8;
    public const int WireCountOffset = 12;
    public const int PurgeableCountOffset = 88;
    public const int SpeculativeCountOffset = 92;
    public const int CompressorPageCountOffset = 128;
    public const int ExternalPageCountOffset = 136;

    /// <summary>sizeof(vm_statistics64): 152 bytes, HOST_VM_INFO64_COUNT = 38 words.</summary>
    public const int VmStatistics64Size = 152;

    public const int XswTotalOffset = 0;
    public const int XswAvailOffset = 8;
    public const int XswUsedOffset = 16;
    public const int XswPageSizeOffset = 24;
    public const int XswEncryptedOffset = 28;

    /// <summary>sizeof(struct xsw_usage).</summary>
    public const int XswUsageSize = 32;

    private const long MiB = 1024 * 1024;

    /// <summary>
    /// The counters <see cref="VmStatParser"/> reads from <c>vm_stat</c>, in the same sense: vm_stat prints
    /// "Pages free" as free_count minus speculative_count, so the decoded free count does too.
    /// </summary>
    public static Parsed<VmStat> DecodeVmStatistics64(ReadOnlySpan<byte> buffer, long pageSize)
    {
        if (buffer.Length < VmStatistics64Size)
            return Parsed<VmStat>.Failure(new ParseError(VmSource, 0, $"{buffer.Length} bytes, expected {VmStatistics64Size}"));
        if (pageSize is < 512 or > 64 * 1024 || !long.IsPow2(pageSize))
            return Parsed<VmStat>.Failure(new ParseError(VmSource, 0, $"page size {pageSize} is not a power of two from 512 to 65536"));
        var free = Word(buffer, FreeCountOffset);
        var speculative = Word(buffer, SpeculativeCountOffset);
        return Parsed<VmStat>.Success(new VmStat(
            pageSize,
            Math.Max(0, free - speculative),
            Word(buffer, ActiveCountOffset),
            Word(buffer, InactiveCountOffset),
            speculative,
            Word(buffer, WireCountOffset),
            Word(buffer, PurgeableCountOffset),
            Word(buffer, CompressorPageCountOffset),
            Word(buffer, ExternalPageCountOffset)));
    }

    /// <summary>Swap in whole MiB, truncated as sysctl's <c>%.2fM</c> reads when its fraction is dropped.</summary>
    public static Parsed<SwapUsage> DecodeSwapUsage(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < XswUsageSize)
            return Parsed<SwapUsage>.Failure(new ParseError(SwapSource, 0, $"{buffer.Length} bytes, expected {XswUsageSize}"));
        var total = BinaryPrimitives.ReadUInt64LittleEndian(buffer[XswTotalOffset..]);
        var avail = BinaryPrimitives.ReadUInt64LittleEndian(buffer[XswAvailOffset..]);
        var used = BinaryPrimitives.ReadUInt64LittleEndian(buffer[XswUsedOffset..]);
        return Parsed<SwapUsage>.Success(new SwapUsage((long)(total / MiB), (long)(used / MiB), (long)(avail / MiB)));
    }

    /// <summary>The kernel's level, an int: 1 normal, 2 warning, 4 critical.</summary>
    public static Parsed<int> DecodePressureLevel(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length < sizeof(int))
            return Parsed<int>.Failure(new ParseError(LevelSource, 0, $"{buffer.Length} bytes, expected {sizeof(int)}"));
        var level = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        return level > 0
            ? Parsed<int>.Success(level)
            : Parsed<int>.Failure(new ParseError(LevelSource, 0, $"level {level} is not positive"));
    }

    private static long Word(ReadOnlySpan<byte> buffer, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(buffer[offset..]);
}
