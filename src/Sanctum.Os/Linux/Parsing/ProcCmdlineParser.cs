namespace Sanctum.Os.Linux;

/// <summary>Parses Linux <c>/proc/&lt;pid&gt;/cmdline</c>.</summary>
public static class ProcCmdlineParser
{
    /// <summary>
    /// Joins the NUL-separated argv with spaces. Trailing NULs are all dropped, not just the terminator:
    /// processes that rewrite their title pad the old argv area with NULs. Kernel threads have an empty
    /// cmdline and give "". Cannot fail.
    /// </summary>
    public static string Parse(string raw) => raw.TrimEnd('\0').Replace('\0', ' ');
}
