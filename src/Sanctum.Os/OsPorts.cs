using Sanctum.Os.Linux;
using Sanctum.Os.MacOS;
using Sanctum.Ports;

namespace Sanctum.Os;

/// <param name="ProtectedPids">Pids the signal port refuses whatever the policy asks.</param>
/// <param name="ProcRoot">Where procfs is mounted (Linux only).</param>
/// <param name="Tick">The longest the sampler sleeps; where a reading forks (macOS), also the shortest.</param>
public sealed record OsPortsOptions(IReadOnlySet<int> ProtectedPids, string ProcRoot = "/proc")
{
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(5);
}

public static class OsPorts
{
    /// <summary>The real adapters for the OS this process runs on.</summary>
    /// <exception cref="PlatformNotSupportedException">Neither Linux nor macOS.</exception>
    public static HostPorts ForThisHost(OsPortsOptions options)
    {
        var runner = new ProcessCommandRunner();
        if (OperatingSystem.IsLinux())
        {
            return new HostPorts(
                new LinuxProcessTable(options.ProcRoot),
                new LinuxPressureSource(options.ProcRoot),
                new LinuxSignalPort(options.ProtectedPids, options.ProcRoot),
                new SystemdServicePort(runner),
                new RealProbePort(runner));
        }

        if (OperatingSystem.IsMacOS())
        {
            return new HostPorts(
                new MacProcessTable(runner),
                new MacPressureSource(runner),
                new MacSignalPort(runner, options.ProtectedPids),
                new LaunchdServicePort(runner, Libc.getuid()),
                new RealProbePort(runner));
        }

        throw new PlatformNotSupportedException("Sanctum's OS adapters support Linux and macOS only.");
    }

    /// <summary>
    /// What wakes the daemon's pressure sampler here: PSI triggers (or headroom polling) on Linux; on macOS a
    /// timer no faster than the tick, as a reading forks there. Owns a thread or a timer: dispose it.
    /// </summary>
    public static IPressureTrigger TriggerForThisHost(OsPortsOptions options) =>
        OperatingSystem.IsLinux()
            ? new PsiTrigger(Path.Join(options.ProcRoot, "pressure", "memory"))
            : new TimerTrigger(options.Tick, "each reading forks vm_stat and sysctl");
}
