using System.Text;

namespace Sanctum.Os.Linux;

/// <summary>Whole-file reads from procfs into a reusable buffer (procfs reports size 0, so read to EOF).</summary>
internal static class ProcFile
{
    /// <summary>
    /// Reads the file as UTF-8, or returns null when it is not there any more (the process exited) or we may
    /// not read it (another user's process under <c>hidepid</c>, which we could not signal anyway).
    /// Other I/O errors propagate.
    /// </summary>
    public static string? TryReadText(string path, ref byte[] buffer)
    {
        var length = TryRead(path, ref buffer);
        return length < 0 ? null : Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>As <see cref="TryReadText"/>, returning the byte count in <paramref name="buffer"/>, or -1.</summary>
    public static int TryRead(string path, ref byte[] buffer)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                    Array.Resize(ref buffer, buffer.Length * 2);
                var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
                if (read == 0)
                    return total;
                total += read;
            }
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return -1;
        }
        catch (IOException) when (!Directory.Exists(Path.GetDirectoryName(path)))
        {
            // The process was reaped between open and read (the kernel answers ESRCH).
            return -1;
        }
    }
}
