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

    /// <summary>The struct as the C compiler lays it out (the byte arrays marshalled in place as the char arrays).</summary>
    private static byte[] Bytes<T>(T value)
        where T : struct
    {
        var size = Marshal.SizeOf<T>();
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
        Assert.Equal(MacProcLayout.RuidOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.Ruid)));
        Assert.Equal(MacProcLayout.CommOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.Comm)));
        Assert.Equal(MacProcLayout.StartSecondsOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.StartSeconds)));
        Assert.Equal(MacProcLayout.StartMicrosecondsOffset, (int)Marshal.OffsetOf<ProcBsdInfo>(nameof(ProcBsdInfo.StartMicroseconds)));
    }

    [Fact]
    public void TheStructDecodesToTheFieldsPsPrints()
    {
        var info = MacProcLayout.DecodeBsdInfo(Bytes(WindowServer));

        Assert.Equal(new BsdInfo(167, 1, 88, 3, "WindowServer", 1776585609, 482_113, Ruid: 88), info);
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
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(28), 502);
        Fixed("LM Studio Helpe", 16).CopyTo(buffer.AsSpan(48)); // 15 bytes and the NUL
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(120), 1776585609);
        BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(128), 999_999);

        Assert.Equal(new BsdInfo(48213, 1, 501, 4, "LM Studio Helpe", 1776585609, 999_999, Ruid: 502), MacProcLayout.DecodeBsdInfo(buffer));
    }

    [Fact]
    public void ANameFillingAllSixteenBytesHasNoTerminatorAndIsReadWhole()
    {
        var bytes = Bytes(WindowServer with { Comm = Fixed("qemu-system-aarch64", 16) });

        Assert.Equal("qemu-system-aarc", MacProcLayout.DecodeBsdInfo(bytes)?.Comm);
    }

    [Fact]
    public void TheRealUidIsReadApartFromTheEffectiveOne()
    {
        var setuid = MacProcLayout.DecodeBsdInfo(Bytes(WindowServer with { Uid = 0, Ruid = 501 }));

        Assert.Equal((0u, 501u), (setuid!.Uid, setuid.Ruid));
    }

    [Fact]
    public void AShortBufferIsNotDecoded() =>
        Assert.Null(MacProcLayout.DecodeBsdInfo(Bytes(WindowServer).AsSpan(0, 135)));

    /// <summary>xnu's <c>struct proc_taskinfo</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ProcTaskInfo
    {
        public ulong VirtualSize, ResidentSize, TotalUser, TotalSystem, ThreadsUser, ThreadsSystem;
        public int Policy, Faults, Pageins, CowFaults, MessagesSent, MessagesReceived, SyscallsMach, SyscallsUnix, Csw, Threadnum, Numrunning, Priority;
    }

    /// <summary>xnu's <c>struct proc_taskallinfo</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ProcTaskAllInfo
    {
        public ProcBsdInfo Bsd;
        public ProcTaskInfo Task;
    }

    [Fact]
    public void TaskAllInfoIsTheBsdInfoThenTheTaskInfo()
    {
        Assert.Equal(MacProcLayout.TaskAllInfoSize, Marshal.SizeOf<ProcTaskAllInfo>());
        Assert.Equal(
            MacProcLayout.ResidentSizeOffset,
            (int)Marshal.OffsetOf<ProcTaskAllInfo>(nameof(ProcTaskAllInfo.Task)) + (int)Marshal.OffsetOf<ProcTaskInfo>(nameof(ProcTaskInfo.ResidentSize)));
    }

    [Fact]
    public void TaskAllInfoDecodesTheResidentSizeInBytes()
    {
        var all = new ProcTaskAllInfo
        {
            Bsd = WindowServer,
            Task = new ProcTaskInfo { VirtualSize = 420UL << 30, ResidentSize = 1245184UL * 1024, TotalUser = 123456789, Threadnum = 23, Priority = 79 },
        };

        var info = MacProcLayout.DecodeTaskAllInfo(Bytes(all));

        Assert.Equal(new TaskAllInfo(new BsdInfo(167, 1, 88, 3, "WindowServer", 1776585609, 482_113, Ruid: 88), 1245184L * 1024), info);
        Assert.Null(MacProcLayout.DecodeTaskAllInfo(Bytes(all).AsSpan(0, 231)));
    }

    /// <summary>argc, the exec path and its NUL, NUL padding, argv, then the environment.</summary>
    private static byte[] ProcArgs2(int argc, string execPath, int padding, params string[] strings)
    {
        var bytes = new List<byte>(BitConverter.GetBytes(argc));
        bytes.AddRange(Encoding.UTF8.GetBytes(execPath));
        bytes.AddRange(new byte[1 + padding]);
        foreach (var text in strings)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(text));
            bytes.Add(0);
        }

        return [.. bytes];
    }

    [Fact]
    public void ProcArgs2GivesTheExecPathAndArgvButNotTheEnvironment()
    {
        var buffer = ProcArgs2(3, "/Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper.app/Contents/MacOS/LM Studio Helper", 5, "/Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper.app/Contents/MacOS/LM Studio Helper", "--type=utility", "--lang=en-GB", "HOME=/Users/neo", "PATH=/usr/bin:/bin");

        var args = MacProcLayout.DecodeProcArgs2(buffer);

        Assert.Equal("/Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper.app/Contents/MacOS/LM Studio Helper", args?.ExecPath);
        Assert.Equal(["/Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper.app/Contents/MacOS/LM Studio Helper", "--type=utility", "--lang=en-GB"], args?.Argv);
        Assert.Equal("/Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper.app/Contents/MacOS/LM Studio Helper --type=utility --lang=en-GB", args?.CommandLine);
    }

    [Fact]
    public void ARewrittenArgvZeroIsWhatTheProcessWrote()
    {
        var args = MacProcLayout.DecodeProcArgs2(ProcArgs2(1, "/usr/sbin/sshd", 1, "sshd: neo@ttys001", "SSH_AUTH_SOCK=/tmp/x"));

        Assert.Equal("sshd: neo@ttys001", args?.CommandLine);
    }

    [Fact]
    public void ACutBufferGivesTheArgumentsUpToTheCut()
    {
        var buffer = ProcArgs2(3, "/opt/homebrew/bin/ollama", 3, "ollama", "serve", "--verbose");

        Assert.Equal(["ollama", "ser"], MacProcLayout.DecodeProcArgs2(buffer.AsSpan(0, buffer.Length - "ve".Length - "--verbose".Length - 2))?.Argv);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void NoArgcOrANegativeOneOrAPathWithoutItsNulIsNotDecoded(int cutTo)
    {
        var buffer = cutTo < 0 ? ProcArgs2(-1, "/bin/sleep", 0, "sleep") : ProcArgs2(1, "/bin/sleep", 0, "sleep").AsSpan(0, cutTo).ToArray();

        Assert.Null(MacProcLayout.DecodeProcArgs2(buffer));
        Assert.Null(MacProcLayout.DecodeProcArgs2(Encoding.UTF8.GetBytes("\u0001\0\0\0/bin/sleep")));
    }
}
