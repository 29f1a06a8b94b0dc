using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Sanctum.Daemon;

/// <summary>
/// What <c>statx(2)</c> says of a path itself (a symlink is not followed): its owner, mode, type and identity.
/// Linux only (statx's layout is the same on every architecture); elsewhere <see cref="Of"/> is null and the
/// callers keep to what .NET can tell.
/// </summary>
public readonly record struct FileStatus(uint Owner, uint Mode, ulong Device, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;
    private const uint TypeMask = 0xf000;

    public bool IsSocket => (Mode & TypeMask) == 0xc000;

    public bool IsSymlink => (Mode & TypeMask) == 0xa000;

    /// <summary>Group or others may write it (mode bits 022).</summary>
    public bool OthersCanWrite => (Mode & 0x12) != 0;

    /// <summary>The same file: the database the ledger opened is still the one at its path.</summary>
    public string Identity => $"{Device}:{Inode}";

    /// <summary>The path's status, or null when it does not exist, cannot be read, or this is not Linux.</summary>
    public static FileStatus? Of(string path)
    {
        if (!OperatingSystem.IsLinux() || !BitConverter.IsLittleEndian)
        {
            return null;
        }

        // struct statx: uid at 20, mode (u16) at 28, ino at 32, dev major/minor at 136/140; 256 bytes in all.
        Span<byte> buffer = stackalloc byte[256];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            return null;
        }

        return new FileStatus(
            BinaryPrimitives.ReadUInt32LittleEndian(buffer[20..]),
            BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]),
            ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
