using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;

namespace Sanctum.Os.Linux;

/// <summary>
/// Reads <c>&lt;root&gt;/&lt;pid&gt;/&lt;file&gt;</c> with bare open/read/close: three syscalls a file instead of the
/// seven a <see cref="FileStream"/> or <see cref="File.OpenHandle"/> costs (fstat, flock twice, a second read),
/// which is most of a table scan. Path and data buffers are reused, so one instance serves one thread at a time.
/// </summary>
internal sealed class ProcFile(string procRoot)
{
    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int O_RDONLY_CLOEXEC = 0x80000;

    private readonly byte[] _root = Encoding.UTF8.GetBytes(procRoot.TrimEnd('/') + "/");
    private byte[] _path = new byte[256];
    private byte[] _data = new byte[4096];

    /// <summary>
    /// The file as UTF-8, or null when it is not there any more (the process exited) or we may not read it
    /// (another user's process under <c>hidepid</c>, which we could not signal anyway).
    /// </summary>
    /// <exception cref="IOException">Any other failure.</exception>
    public string? TryReadText(int pid, string file)
    {
        var length = TryRead(pid, file);
        return length < 0 ? null : Encoding.UTF8.GetString(_data, 0, length);
    }

    private int TryRead(int pid, string file)
    {
        var fd = open(PathOf(pid, file), O_RDONLY_CLOEXEC);
        if (fd < 0)
            return Vanished(Marshal.GetLastPInvokeError(), pid, file);
        try
        {
            var total = 0;
            while (true)
            {
                if (total == _data.Length)
                    Array.Resize(ref _data, _data.Length * 2);
                var space = _data.Length - total;
                var count = (int)read(fd, ref _data[total], space);
                if (count < 0)
                    return Vanished(Marshal.GetLastPInvokeError(), pid, file);
                total += count;
                // procfs hands over a whole record per read, so a short read is the end (it saves a syscall).
                if (count < space)
                    return total;
            }
        }
        finally
        {
            close(fd);
        }
    }

    private int Vanished(int errno, int pid, string file) => errno is ENOENT or Libc.ESRCH or EACCES or Libc.EPERM
        ? -1
        : throw new IOException($"{Encoding.UTF8.GetString(_root)}{pid}/{file}: {Marshal.GetPInvokeErrorMessage(errno)}");

    /// <summary>The NUL-terminated path, written into the reused buffer.</summary>
    private byte[] PathOf(int pid, string file)
    {
        var needed = _root.Length + 11 + file.Length + 1;
        if (_path.Length < needed)
            _path = new byte[needed];
        _root.CopyTo(_path, 0);
        var at = _root.Length;
        Utf8Formatter.TryFormat(pid, _path.AsSpan(at), out var digits);
        at += digits;
        _path[at++] = (byte)'/';
        at += Encoding.ASCII.GetBytes(file, _path.AsSpan(at));
        _path[at] = 0;
        return _path;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open(byte[] path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, ref byte buffer, nint count);

    [DllImport("libc")]
    private static extern int close(int fd);
}
