namespace Sanctum.Ledger;

/// <summary>The data folder is owned by another daemon; the message says what to do.</summary>
public sealed class DataDirLockedException(string message, Exception inner) : IOException(message, inner);

/// <summary>
/// Only one daemon may own a data folder (two writers on one persistence id corrupt the ledger): an
/// exclusive lock on <c>&lt;data-dir&gt;/sanctumd.lock</c>, held open for the daemon's lifetime. On Unix .NET
/// takes it with <c>flock</c>, so it is released by the kernel when the process dies, however it dies.
/// </summary>
public sealed class DataDirLock : IDisposable
{
    public const string FileName = "sanctumd.lock";

    private readonly FileStream _file;

    private DataDirLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    public string Path { get; }

    /// <exception cref="DataDirLockedException">Another process holds the lock.</exception>
    public static DataDirLock Acquire(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        var path = System.IO.Path.Combine(dataDir, FileName);
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                writer.WriteLine(Environment.ProcessId);
            }

            file.Flush(flushToDisk: true);
            return new DataDirLock(file, path);
        }
        catch (IOException e)
        {
            throw new DataDirLockedException(
                $"another sanctumd already owns the data folder {dataDir} (its lock {path} is held). " +
                "Stop that daemon first, or give this one another --data-dir.", e);
        }
    }

    /// <summary>The lock, or null while another process (a running daemon) holds it.</summary>
    public static DataDirLock? TryAcquire(string dataDir)
    {
        try
        {
            return Acquire(dataDir);
        }
        catch (DataDirLockedException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
