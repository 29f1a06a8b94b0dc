namespace Sanctum.Os;

/// <summary>Facts about this process that the daemon and the adapters share.</summary>
public static class ProcessInfo
{
    public static int ParentPid => Libc.getppid();
}
