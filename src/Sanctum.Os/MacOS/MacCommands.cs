namespace Sanctum.Os.MacOS;

/// <summary>The macOS commands, by absolute path so a launchd agent's sparse PATH does not matter.</summary>
internal static class MacCommands
{
    public const string Ps = "/bin/ps";
    public const string Sysctl = "/usr/sbin/sysctl";
    public const string VmStat = "/usr/bin/vm_stat";
    public const string Launchctl = "/bin/launchctl";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Set for every macOS command. <c>sysctl</c> follows <c>LC_NUMERIC</c> (<c>total = 0,00M</c> on a French
    /// Mac) and <c>ps</c> prints lstart with <c>strftime("%c")</c> in local time and locale; pinning both keeps
    /// the output parseable and start times stable when the user changes zone or language, since an
    /// identity's start time must never move.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Environment =
        new Dictionary<string, string> { ["LC_ALL"] = "C", ["TZ"] = "UTC0" };
}
