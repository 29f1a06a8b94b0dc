using System.Globalization;

namespace Sanctum.Os.Linux;

/// <summary>Reads Linux <c>/proc/locks</c>: who holds a lock on a file.</summary>
public static class ProcLocksParser
{
    public const string Source = "/proc/locks";

    /// <summary>
    /// The pids holding a <c>flock</c> on the file with this device (major, minor) and inode. Lines that do not parse
    /// are skipped (the file is the kernel's, but a reader must not trust a format it cannot check), as are waiters
    /// (<c>-&gt;</c>) and the other lock types.
    /// </summary>
    /// <remarks>A line: <c>3: FLOCK  ADVISORY  WRITE 4242 00:2e:1234567 0 EOF</c> (major and minor in hex).</remarks>
    public static IReadOnlyList<int> FlockHolders(string text, uint major, uint minor, ulong inode)
    {
        var holders = new List<int>();
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[1] != "FLOCK" || !int.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
            {
                continue;
            }

            var file = fields[5].Split(':');
            if (file.Length == 3
                && uint.TryParse(file[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var fileMajor) && fileMajor == major
                && uint.TryParse(file[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var fileMinor) && fileMinor == minor
                && ulong.TryParse(file[2], NumberStyles.None, CultureInfo.InvariantCulture, out var fileInode) && fileInode == inode)
            {
                holders.Add(pid);
            }
        }

        return holders;
    }
}
