namespace Sanctum.Os;

/// <summary>
/// Defence in depth below the policy: pids a signal port refuses outright, before any syscall: init (and
/// anything ≤ 1, which kill(2) would broadcast to a group or to everyone), this daemon, its parent, and the
/// configured protected pids.
/// </summary>
internal sealed class SignalGuard(IReadOnlySet<int> protectedPids)
{
    // The parent is asked each time: it changes when the original parent dies and we are re-parented.
    public bool Refuses(int pid) =>
        pid <= 1 || pid == Environment.ProcessId || pid == ProcessInfo.ParentPid || protectedPids.Contains(pid);
}
