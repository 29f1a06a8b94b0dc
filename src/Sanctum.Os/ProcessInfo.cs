namespace Sanctum.Os;

/// <summary>Facts about this process that the daemon and the adapters share.</summary>
public static class ProcessInfo
{
    public static int ParentPid => Libc.getppid();

    /// <summary>The daemon's own real uid: a person's thaw resumes other users' processes only when the guard stopped them.</summary>
    public static uint Uid => Libc.getuid();
}
