using Sanctum.Os.Linux;

namespace Sanctum.Daemon;

/// <summary>
/// Who holds the data-folder lock, where Linux can tell (<c>/proc/locks</c>): a second sanctumd is refused at once,
/// while anything else (a <c>sanctum deadman</c> run thawing, a holder this user cannot see) is waited for.
/// </summary>
public static class DataLockHolder
{
    /// <summary>The pid of another sanctumd holding the lock file at <paramref name="lockPath"/>; null: none, or it cannot be told.</summary>
    public static int? Daemon(string lockPath) =>
        FileStatus.Of(lockPath) is { } file
            ? ProcLocks.FlockHolders((uint)(file.Device >> 32), (uint)file.Device, file.Inode)
                .Where(h => h.Pid != Environment.ProcessId && IsSanctumd(h.Cmdline))
                .Select(h => (int?)h.Pid)
                .FirstOrDefault()
            : null;

    /// <summary>The apphost <c>sanctumd</c>, or a host running <c>sanctumd.dll</c>, by the first two words of a command line.</summary>
    public static bool IsSanctumd(string? cmdline) =>
        cmdline is not null
        && cmdline.Split('\0').Take(2).Any(word => Path.GetFileName(word) is "sanctumd" or "sanctumd.dll");
}
