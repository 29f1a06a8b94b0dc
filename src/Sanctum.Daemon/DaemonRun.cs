using System.Diagnostics;
using System.Reflection;
using Sanctum.Os;

namespace Sanctum.Daemon;

/// <summary>This run of <c>sanctumd</c>: what the client, the heartbeat and the ledger's trail report about it.</summary>
/// <param name="ProtectedPids">The guard itself and its parent: never signalled.</param>
public sealed record DaemonRun(string Version, int Pid, DateTimeOffset StartedAt, IReadOnlyList<int> ProtectedPids)
{
    public static DaemonRun Current() =>
        new(
            typeof(DaemonRun).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            Environment.ProcessId,
            new DateTimeOffset(Process.GetCurrentProcess().StartTime),
            [Environment.ProcessId, ProcessInfo.ParentPid]);
}
