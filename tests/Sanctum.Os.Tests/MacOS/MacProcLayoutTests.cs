using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Sanctum.Os.MacOS;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

/// <summary><c>struct proc_bsdinfo</c> against a buffer laid out as xnu's C struct is, built here field by field.</summary>
public sealed class MacProcLayoutTests
{
    /// <summary>xnu bsd/sys/proc_info.h, field for field (uid_t and gid_t are uint32_t, MAXCOMLEN is 16).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ProcBsdInfo
    {
        public uint Flags, Status, Xstatus, Pid, Ppid, Uid, Gid, Ruid, Rgid, Svuid, Svgid, Rfu1;

        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 16)]
        public byte[] Comm;

        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 32)]
        public byte[] Name;

        public uint Nfiles, Pgid, Pjobc, Tdev, Tpgid;
        public int Nice;
        public ulong StartSeconds, StartMicroseconds;
    }

    private static byte[] Fixed(string text, int size)
    {
        var bytes = new byte[size];
        Encoding.UTF8.GetBytes(text).AsSpan(0, Math.Min(size, Encoding.UTF8.GetByteCount(text))).CopyTo(bytes);
        return bytes;
    }

    private static byte[] Bytes(ProcBsdInfo value)
    {
        var size = Marshal.SizeOf<ProcBsdInfo>();
        var memory = Marshal.AllocHGlobal(size);
        try
        {
            Marshal.StructureToPtr(value, memory, fDeleteOld: false);
            var bytes = new byte[size];
            Marshal.Copy(memory, bytes, 0, size);
            return bytes;
        }
        finally
        {
            Marshal.FreeHGlobal(memory);
        }
    }

    // WindowServer as the ps-panic fixture lists it (pid 167, started Sun Apr 19 08:00:09 2026 UTC).
    private static ProcBsdInfo WindowServer => new()
    {
        Flags = 0x4004,
        Status = 3,
        Pid = 167,
        Ppid = 1,
        Uid = 88,
        Gid = 88,
        Ruid = 88,
        Rgid = 88,
        Svuid = 88,
        Svgid = 88,
        Comm = Fixed("WindowServer", 16),
        Name = Fixed("WindowServer", 32),
        Nfiles = 1234,
        Pgid = 167,
        Nice = -20,
        StartSeconds = 1776585609,
        StartMicroseconds = 482_113,
    };

    [Fact]
    public void FieldOffsetsAreTheCStruct()
    {
        Assert.Equal(MacProcLayout.BsdInfoSize, Marshal.SizeOf<ProcBsdInfo>());
        Assert.Equal(MacProcLayout.StatusOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.Status)));
        Assert.Equal(MacProcLayout.PidOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.Pid)));
        Assert.Equal(MacProcLayout.PpidOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.Ppid)));
        Assert.Equal(MacProcLayout.UidOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.Uid)));
        Assert.Equal(MacProcLayout.CommOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.Comm)));
        Assert.Equal(MacProcLayout.StartSecondsOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.StartSeconds)));
        Assert.Equal(MacProcLayout.StartMicrosecondsOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.StartMicroseconds)));
    }

    [Fact]
    public void TheStructDecodesToTheFieldsPsPrints()
    {
        var info = MacProcLayout.DecodeBsdInfo(Bytes(WindowServer));

        Assert.Equal(new BsdInfo(167, 1, 88, 3, "WindowServer", 1776585609, 482_113), info);
    }

    [Fact]
    public void AHandBuiltBufferAtTheDocumentedOffsetsDecodes()
    {
        var buffer = new byte[136];
        buffer.AsSpan().Fill(0xEE); // every field not read is noise
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), 4);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(12), 48213);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(20), 501);
        Fixed("LM Studio Helpe", 16).CopyTo(buffer.AsSpan(48)); // 15 bytes and the NUL
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(120), 1776585609);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(128), 999_999);

        Assert.Equal(new BsdInfo(48213, 1, 501, 4, "LM Studio Helpe", 1776585609, 999_999), MacProcLayout.DecodeBsdInfo(buffer));
    }

    [Fact]
    public void ANameFillingAllSixteenBytesHasNoTerminatorAndIsReadWhole()
    {
        var bytes = Bytes(WindowServer with { Comm = Fixed("qemu-system-aarch64", 16) });

        Assert.Equal("qemu-system-aarc", MacProcLayout.DecodeBsdInfo(bytes)?.Comm);
    }

    [Fact]
    public void AShortBufferIsNotDecoded() =>
        Assert.Null(MacProcLayout.DecodeBsdInfo(Bytes(WindowServer).AsSpan(0, 135)));
}
