using Sanctum.Ledger;

namespace Sanctum.Daemon;

/// <param name="ExitCode">Null when the folder is ready.</param>
/// <param name="Warnings">What was fixed on the way, for the log once it is open.</param>
public sealed record DataFolderCheck(int? ExitCode, string? Error, IReadOnlyList<string> Warnings);

/// <summary>
/// The data folder holds the journal, the lock and the heartbeat another program trusts, so it is private to the
/// daemon's user: created 0700; a folder of ours that others can write is tightened (with a warning); a folder of
/// another user, or one holding a symlink where the daemon's own files go, is refused; a read-only folder is said
/// to be read-only, not taken for another daemon's.
/// </summary>
public static class DataFolder
{
    /// <summary>EX_CANTCREAT: not among the unit's RestartPreventExitStatus, so systemd retries (a remount may fix it).</summary>
    public const int ReadOnlyExitCode = 73;

    private const UnixFileMode OthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private static readonly string[] OwnFiles = [DataDirLock.FileName, LedgerSetup.FileName, $"{LedgerSetup.FileName}-wal", $"{LedgerSetup.FileName}-shm", "logs"];

    public static DataFolderCheck Prepare(string dir, uint daemonUid)
    {
        var warnings = new List<string>();
        try
        {
            CreatePrivate(dir);
            if (OperatingSystem.IsLinux() && FileStatus.Of(dir) is { } folder)
            {
                if (folder.Owner != daemonUid)
                {
                    return Refused($"the data folder {dir} belongs to uid {folder.Owner}, not to the daemon's uid {daemonUid}; give it to the daemon's user or use another --data-dir");
                }

                var mode = File.GetUnixFileMode(dir);
                if ((mode & UnixFileMode.StickyBit) != 0)
                {
                    return Refused($"the data folder {dir} is shared by design (sticky, like /tmp); give the daemon a folder of its own");
                }

                if (folder.OthersCanWrite)
                {
                    File.SetUnixFileMode(dir, mode & ~OthersWrite);
                    warnings.Add($"the data folder {dir} could be written by others (mode {Octal(mode)}); tightened to {Octal(mode & ~OthersWrite)}");
                }

                if (OwnFiles.FirstOrDefault(f => FileStatus.Of(Path.Combine(dir, f)) is { IsSymlink: true }) is { } planted)
                {
                    return Refused($"{Path.Combine(dir, planted)} is a symbolic link; the daemon writes only files it created itself. Remove it and start again");
                }
            }

            CreatePrivate(Path.Combine(dir, "logs"));
            ProbeWritable(dir);
            return new DataFolderCheck(null, null, warnings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return IsReadOnly(e)
                ? new DataFolderCheck(ReadOnlyExitCode, $"the data folder {dir} cannot be written, it is read-only or not the daemon's to write ({e.Message}); sanctumd keeps its journal, lock and heartbeat there", warnings)
                : new DataFolderCheck(1, $"cannot create the data directory {dir}: {e.Message}", warnings);
        }
    }

    private static DataFolderCheck Refused(string why) => new(Program.ConfigExitCode, why, []);

    private static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>An existing folder is "created" on a read-only mount too; only a write says whether it can be written.</summary>
    private static void ProbeWritable(string dir)
    {
        var probe = Path.Combine(dir, $".sanctumd-write-probe-{Environment.ProcessId}");
        File.Delete(probe);
        using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
        }
    }

    // EROFS (30) or a permission refusal: the folder is there but cannot be written.
    private static bool IsReadOnly(Exception e) => e is UnauthorizedAccessException || e.HResult == 30 || e.Message.Contains("Read-only file system", StringComparison.Ordinal);

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
