using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Sanctum.Os.MacOS;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

/// <summary>The decoders against buffers laid out as xnu's C structs are, built here field by field.</summary>
public sealed class MacNativeLayoutTests
{
    /// <summary>xnu's <c>struct vm_statistics64</c>, field for field (natural_t = uint, uint64_t = ulong).</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 8)]
    private struct VmStatistics64
    {
        public uint FreeCount, ActiveCount, InactiveCount, WireCount;
        public ulong ZeroFillCount, Reactivations, Pageins, Pageouts, Faults, CowFaults, Lookups, Hits, Purges;
        public uint PurgeableCount, SpeculativeCount;
        public ulong Decompressions, Compressions, Swapins, Swapouts;
        public uint CompressorPageCount, ThrottledCount, ExternalPageCount, InternalPageCount;
        public ulong TotalUncompressedPagesInCompressor;
    }

    /// <summary>xnu's <c>struct xsw_usage</c> (boolean_t is a 32-bit int).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct XswUsage
    {
        public ulong Total, Avail, Used;
        public uint PageSize;
        public int Encrypted;
    }

    // The Mac Studio sample (raw/vm_stat-applesilicon-macstudio.txt) as the kernel holds it: vm_stat printed
    // "Pages free" as free_count - speculative_count.
    private static readonly VmStatistics64 MacStudio = new()
    {
        FreeCount = 2453686 + 35181,
        ActiveCount = 1715997,
        InactiveCount = 1706518,
        WireCount = 321922,
        ZeroFillCount = 2284205729,
        Faults = 5488725224,
        PurgeableCount = 29393,
        SpeculativeCount = 35181,
        CompressorPageCount = 610,
        ThrottledCount = 7,
        ExternalPageCount = 651864,
        InternalPageCount = 2805832,
        TotalUncompressedPagesInCompressor = 2733,
    };

    private static byte[] Bytes<T>(T value)
        where T : struct
    {
        var bytes = new byte[Marshal.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in value);
        return bytes;
    }

    [Fact]
    public void FieldOffsetsAreTheCStructs()
    {
        Assert.Equal(MacNativeLayout.VmStatistics64Size, Marshal.SizeOf<VmStatistics64>());
        Assert.Equal(MacNativeLayout.FreeCountOffset, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.FreeCount)));
        Assert.Equal(MacNativeLayout.ActiveCountOffset, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.ActiveCount)));
        Assert.Equal(MacNativeLayout.InactiveCountOffset, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.InactiveCount)));
        Assert.Equal(MacNativeLayout.WireCountOffset, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.WireCount)));
        Assert.Equal(MacNativeLayout.PurgeableCountOffset, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.PurgeableCount)));
        Assert.Equal(MacNativeLayout.SpeculativeCountOffset, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.SpeculativeCount)));
        Assert.Equal(MacNativeLayout.CompressorPageCountOffset, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.CompressorPageCount)));
        Assert.Equal(MacNativeLayout.ExternalPageCountOffset, (int)Marshal.OffsetOf<VmStatistics64>(nameof(VmStatistics64.ExternalPageCount)));
        Assert.Equal(38, MacNativeLayout.VmStatistics64Size / sizeof(int)); // HOST_VM_INFO64_COUNT

        Assert.Equal(MacNativeLayout.XswUsageSize, Marshal.SizeOf<XswUsage>());
        Assert.Equal(MacNativeLayout.XswAvailOffset, (int)Marshal.OffsetOf<XswUsage>(nameof(XswUsage.Avail)));
        Assert.Equal(MacNativeLayout.XswUsedOffset, (int)Marshal.OffsetOf<XswUsage>(nameof(XswUsage.Used)));
        Assert.Equal(MacNativeLayout.XswPageSizeOffset, (int)Marshal.OffsetOf<XswUsage>(nameof(XswUsage.PageSize)));
        Assert.Equal(MacNativeLayout.XswEncryptedOffset, (int)Marshal.OffsetOf<XswUsage>(nameof(XswUsage.Encrypted)));
    }

    [Fact]
    public void VmStatisticsDecodeToWhatVmStatPrinted()
    {
        var native = MacNativeLayout.DecodeVmStatistics64(Bytes(MacStudio), 16384).Value!;
        var printed = VmStatParser.Parse(Fixture.Read("macos/raw/vm_stat-applesilicon-macstudio.txt")).Value!;

        Assert.Equal(printed, native);
        Assert.Equal((66012L, 9L), (native.AvailableMb, native.CompressorMb));
    }

    [Theory]
    [InlineData(151, 16384)]
    [InlineData(152, 16000)]
    [InlineData(152, 0)]
    public void AShortBufferOrABadPageSizeIsAnError(int length, long pageSize)
    {
        var parsed = MacNativeLayout.DecodeVmStatistics64(new byte[length], pageSize);

        Assert.Equal(MacNativeLayout.VmSource, parsed.Error?.Source);
    }

    [Fact]
    public void SwapUsageDecodesBytesToWholeMib()
    {
        var bytes = Bytes(new XswUsage { Total = 28672UL << 20, Avail = (1331UL << 20) + (1UL << 19), Used = (27340UL << 20) + (1UL << 19), PageSize = 16384, Encrypted = 1 });

        Assert.Equal(new SwapUsage(28672, 27340, 1331), MacNativeLayout.DecodeSwapUsage(bytes).Value);
        Assert.False(MacNativeLayout.DecodeSwapUsage(bytes.AsSpan(0, 31)).Ok);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(4, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public void PressureLevelIsAPositiveInt(int level, bool ok)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, level);

        var parsed = MacNativeLayout.DecodePressureLevel(bytes);

        Assert.Equal(ok, parsed.Ok);
        if (ok)
            Assert.Equal(level, parsed.Value);
    }
}
