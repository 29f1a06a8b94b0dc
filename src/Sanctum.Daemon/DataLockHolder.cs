using Sanctum.Os.Linux;

namespace Sanctum.Daemon;

/// <summary>
/// Who holds the data-folder lock, where Linux can tell (<c>/proc/locks</c>): a second sanctumd is refused at once,
/// while anything else (a <c>sanctum deadman</c> run thawing, a holder this user cannot see) is waited for.
/// </summary>
public static class DataLockHolder
{
    /// <summary>Enough of a command line to see the program and its first argument (<c>dotnet sanctumd.dll</c>).</summary>
    private const int CmdlineBytes = 4096;

    /// <summary>The pid of another sanctumd holding the lock file at <paramref name="lockPath"/>; null: none, or it cannot be told.</summary>
    public static int? Daemon(string lockPath)
    {
        if (FileStatus.Of(lockPath) is not { } file || Read(ProcLocksParser.Source, int.MaxValue) is not { } locks)
        {
            return null;
        }

        foreach (var pid in ProcLocksParser.FlockHolders(locks, (uint)(file.Device >> 32), (uint)file.Device, file.Inode))
        {
            if (pid != Environment.ProcessId && IsSanctumd(Read($"/proc/{pid}/cmdline", CmdlineBytes)))
            {
                return pid;
            }
        }

        return null;
    }

    /// <summary>The apphost <c>sanctumd</c>, or a host running <c>sanctumd.dll</c>, by the first two words of a command line.</summary>
    public static bool IsSanctumd(string? cmdline) =>
        cmdline is not null
        && cmdline.Split('\0').Take(2).Any(word => Path.GetFileName(word) is "sanctumd" or "sanctumd.dll");

    private static string? Read(string path, int maxBytes)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            var buffer = new byte[Math.Min(maxBytes, 1 << 20)];
            var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
