using Sanctum.Os.Linux;
using Sanctum.Os.MacOS;
using Sanctum.Ports;

namespace Sanctum.Os;

/// <param name="ProtectedPids">Pids the signal port refuses whatever the policy asks.</param>
/// <param name="ProcRoot">Where procfs is mounted (Linux only).</param>
public sealed record OsPortsOptions(IReadOnlySet<int> ProtectedPids, string ProcRoot = "/proc");

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
}
