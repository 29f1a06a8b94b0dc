namespace Sanctum.Daemon.Heartbeat;

/// <summary>
/// Writes the heartbeat (<see cref="Ledger.Heartbeat.FileName"/>, read by the deadman) so a reader never sees half a
/// file and nothing planted in the data folder is written through: the temp file beside it is created exclusively
/// (<c>O_CREAT|O_EXCL</c>, which refuses an existing name, a symlink included, instead of following it), synced, and
/// renamed over the heartbeat (a rename replaces a symlink there rather than writing to its target).
/// </summary>
public static class HeartbeatFile
{
    /// <exception cref="IOException">Not written (e.g. the disk is full); the old heartbeat is left as it was.</exception>
    public static void Write(string path, HeartbeatDocument document)
    {
        var temp = path + ".tmp";

        // Left by a write that failed half-way, or planted: unlinking removes the name, never a symlink's target.
        File.Delete(temp);
        try
        {
            using (var file = new FileStream(temp, Options()))
            using (var writer = new StreamWriter(file))
            {
                writer.Write(document.ToJson());
                writer.Flush();
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    private static FileStreamOptions Options()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
