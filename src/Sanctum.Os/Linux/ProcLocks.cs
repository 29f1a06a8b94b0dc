namespace Sanctum.Os.Linux;

/// <summary>Who holds a <c>flock</c> on a file, from <c>/proc/locks</c>, with each holder's command line for the caller to judge.</summary>
public static class ProcLocks
{
    /// <returns>Each holder's pid and NUL-separated command line (null when it cannot be read); none when <c>/proc/locks</c> cannot be read.</returns>
    public static IReadOnlyList<(int Pid, string? Cmdline)> FlockHolders(uint major, uint minor, ulong inode)
    {
        string locks;
        try
        {
            locks = File.ReadAllText(ProcLocksParser.Source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var proc = new ProcFile("/proc");
        return [.. ProcLocksParser.FlockHolders(locks, major, minor, inode).Select(pid => (pid, Cmdline(proc, pid)))];
    }

    private static string? Cmdline(ProcFile proc, int pid)
    {
        try
        {
            return proc.TryReadText(pid, "cmdline");
        }
        catch (IOException)
        {
            return null;
        }
    }
}
