using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Ledger;

/// <summary>
/// <see cref="IHoldJournal"/> as an append-only file in the data folder (<c>holds.log</c>): one line
/// <c>+ pid start unix-ms</c> per hold, fsync'd before <see cref="Record"/> returns, and <c>- pid start</c>
/// per release (not fsync'd). The file is truncated when nothing is held and rewritten (temporary file,
/// fsync, rename) when it grows long. A symlink in its place is refused; a folder that cannot be written
/// (full, read-only) makes <see cref="Record"/> answer why, and it is tried again on the next hold.
/// </summary>
public sealed class HoldFile : IHoldJournal, IDisposable
{
    public const string FileName = "holds.log";

    private readonly object _gate = new();
    private readonly string _path;
    private readonly Dictionary<ProcessIdentity, Hold> _held;
    private readonly int _compactAfterLines;
    private FileStream? _stream;
    private int _lines;

    private HoldFile(string path, Dictionary<ProcessIdentity, Hold> held, int compactAfterLines)
    {
        _path = path;
        _held = held;
        _compactAfterLines = compactAfterLines;
        _lines = held.Count;
    }

    /// <summary>The holds a previous run left, ready to record more; never throws (a broken file reads as what could be parsed).</summary>
    public static HoldFile Open(string dataDir, int compactAfterLines = 512) =>
        new(Path.Combine(dataDir, FileName), ReadFrom(dataDir).ToDictionary(h => h.Identity), compactAfterLines);

    /// <summary>The holds in <paramref name="dataDir"/> without opening it for writing (the deadman).</summary>
    public static IReadOnlyList<Hold> ReadFrom(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        var held = new Dictionary<ProcessIdentity, Hold>();
        string text;
        try
        {
            if (IsLink(path))
            {
                return [];
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split(' ');
            if (parts.Length < 3 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid)
                || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var start))
            {
                continue;
            }

            var id = new ProcessIdentity(pid, start);
            if (parts[0] == "+" && parts.Length == 4 && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var ms))
            {
                held[id] = new Hold(id, DateTimeOffset.FromUnixTimeMilliseconds(ms));
            }
            else if (parts[0] == "-")
            {
                held.Remove(id);
            }
        }

        return held.Values.OrderBy(h => h.At).ToArray();
    }

    public string? Record(ProcessIdentity target, DateTimeOffset at)
    {
        lock (_gate)
        {
            try
            {
                Append($"+ {target.Pid} {target.StartTime} {at.ToUnixTimeMilliseconds()}\n", durable: true);
                _held[target] = new Hold(target, at);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Close();
                return $"the freeze could not be written down first ({_path}: {e.Message})";
            }
        }
    }

    public void Release(ProcessIdentity target)
    {
        lock (_gate)
        {
            if (!_held.Remove(target))
            {
                return;
            }

            try
            {
                if (_held.Count == 0)
                {
                    Stream().SetLength(0);
                    _lines = 0;
                }
                else if (_lines >= _compactAfterLines)
                {
                    Compact();
                }
                else
                {
                    Append($"- {target.Pid} {target.StartTime}\n", durable: false);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A release that is not written leaves a stale hold: it is checked against the process before anyone acts on it.
                Close();
            }
        }
    }

    public IReadOnlyList<Hold> Held()
    {
        lock (_gate)
        {
            return _held.Values.OrderBy(h => h.At).ToArray();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            Close();
        }
    }

    private void Append(string line, bool durable)
    {
        var stream = Stream();
        var before = stream.Length;
        try
        {
            stream.Write(Encoding.ASCII.GetBytes(line));
            stream.Flush(flushToDisk: durable);
        }
        catch (IOException)
        {
            // A torn line would swallow the next one: cut it off again (best effort; the reader skips what it cannot parse).
            TryTruncate(stream, before);
            throw;
        }

        _lines++;
    }

    private FileStream Stream()
    {
        if (_stream is not null)
        {
            return _stream;
        }

        RefuseLink(_path);
        var created = !File.Exists(_path);
        var stream = new FileStream(_path, PrivateFile(FileMode.OpenOrCreate));
        stream.Seek(0, SeekOrigin.End);
        if (created)
        {
            SyncDirectory();
        }

        return _stream = stream;
    }

    private void Compact()
    {
        var tmp = _path + ".tmp";
        File.Delete(tmp);
        var text = string.Concat(_held.Values.Select(h => $"+ {h.Identity.Pid} {h.Identity.StartTime} {h.At.ToUnixTimeMilliseconds()}\n"));
        using (var file = new FileStream(tmp, PrivateFile(FileMode.CreateNew)))
        {
            file.Write(Encoding.ASCII.GetBytes(text));
            file.Flush(flushToDisk: true);
        }

        Close();
        File.Move(tmp, _path, overwrite: true);
        SyncDirectory();
        _lines = _held.Count;
    }

    /// <summary>Unbuffered, so a failed write is never retried from a buffer; created 0600.</summary>
    private static FileStreamOptions PrivateFile(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    private void Close()
    {
        _stream?.Dispose();
        _stream = null;
    }

    private static void TryTruncate(FileStream stream, long length)
    {
        try
        {
            stream.SetLength(length);
        }
        catch (IOException)
        {
        }
    }

    private static bool IsLink(string path) => File.Exists(path) && new FileInfo(path).LinkTarget is not null;

    private static void RefuseLink(string path)
    {
        if (IsLink(path))
        {
            throw new IOException("it is a symbolic link; refusing to write through it");
        }
    }

    /// <summary>Makes a new or renamed entry durable; a folder that cannot be opened is left to the file's own fsync.</summary>
    private void SyncDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = open(Path.GetDirectoryName(_path)!, 0);
        if (fd >= 0)
        {
            _ = fsync(fd);
            _ = close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc")]
    private static extern int fsync(int fd);

    [DllImport("libc")]
    private static extern int close(int fd);
}
