using System.Runtime.InteropServices;
using Sanctum.Os.Linux;
using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os;

/// <param name="ProtectedPids">Pids the signal port refuses whatever the policy asks.</param>
/// <param name="ProcRoot">Where procfs is mounted (Linux only).</param>
/// <param name="Log">Where the adapters report how they chose to read (macOS: native or commands); standard error when null.</param>
/// <param name="Tick">The longest the sampler sleeps; where a reading forks (macOS without native readings), also the shortest.</param>
public sealed record OsPortsOptions(IReadOnlySet<int> ProtectedPids, string ProcRoot = "/proc", Action<string>? Log = null)
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
            // proc_pidinfo and KERN_PROCARGS2 refuse another user's processes unless we are root: the native table only as root.
            var nativeTable = Libc.getuid() == 0 ? new MacNativeProcessTable() : null;
            return MacPorts(options, new ProcessCommandRunner(MacCommands.Environment), new MacNativePressureSource(), new NativePidStartReader(), nativeTable, runner);
        }

        throw new PlatformNotSupportedException("Sanctum's OS adapters support Linux and macOS only.");
    }

    /// <summary>
    /// The macOS adapters, each native reading checked once against the commands through
    /// <paramref name="mac"/>; a disagreement goes to <see cref="OsPortsOptions.Log"/>.
    /// </summary>
    /// <param name="nativeTable">Null: the table is read with ps without trying natively.</param>
    internal static HostPorts MacPorts(OsPortsOptions options, ICommandRunner mac, IPressurePort nativePressure, NativePidStartReader nativeStarts, IProcessTablePort? nativeTable, ICommandRunner probes)
    {
        var log = options.Log ?? Console.Error.WriteLine;
        var psTable = new MacProcessTable(mac);
        return new HostPorts(
            nativeTable is null ? psTable : TableCrossCheck.Choose(nativeTable, psTable, log),
            ChoosePressure(nativePressure, mac, log),
            new MacSignalPort(IdentityCrossCheck.Choose(nativeStarts, mac, log), options.ProtectedPids),
            new LaunchdServicePort(mac, Libc.getuid()),
            new RealProbePort(probes));
    }

    /// <summary>How the ports read the host, for the start-up log and <c>sanctum status</c>: the pressure and what wakes it, and on macOS the process table and the identity check.</summary>
    public static string Reading(HostPorts ports, IPressureTrigger trigger)
    {
        var reading = $"{ports.Pressure.Reading}; {trigger.Mode}";
        var table = ports.Processes switch
        {
            MacNativeProcessTable native => native.Reading,
            MacProcessTable ps => ps.Reading,
            _ => null,
        };
        return table is null ? reading
            : ports.Signals is MacSignalPort signals ? $"{reading}; table {table}; identities {signals.Reading}"
            : $"{reading}; table {table}";
    }

    /// <summary>
    /// What wakes the daemon's pressure sampler reading through <paramref name="pressure"/>: PSI triggers (or
    /// headroom polling) on Linux; on macOS a timer, no faster than the tick when a reading forks. Owns a
    /// thread or a timer: dispose it.
    /// </summary>
    public static IPressureTrigger TriggerForThisHost(OsPortsOptions options, IPressurePort pressure) =>
        OperatingSystem.IsLinux() ? new PsiTrigger(Path.Join(options.ProcRoot, "pressure", "memory"))
        : pressure is MacNativePressureSource ? new TimerTrigger(TimeSpan.Zero, "native readings fork nothing")
        : new TimerTrigger(options.Tick, "each reading forks vm_stat and sysctl");

    /// <summary>
    /// Takes one reading natively and one with the commands, and keeps the native source only when
    /// <see cref="PressureCrossCheck"/> says they agree: the native layouts were never run on a Mac by the
    /// people who wrote them. When they disagree both readings are logged and the commands are used.
    /// </summary>
    public static IPressurePort MacPressure(ICommandRunner runner, Action<string> log) =>
        ChoosePressure(new MacNativePressureSource(), runner, log);

    internal static IPressurePort ChoosePressure(IPressurePort native, ICommandRunner runner, Action<string> log)
    {
        var now = DateTimeOffset.UtcNow;
        Parsed<PressureSample> nativeSample;
        try
        {
            nativeSample = native.Sample(now);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            nativeSample = Parsed<PressureSample>.Failure(new ParseError(native.Reading, 0, e.Message));
        }

        var commandSample = new MacPressureSource(runner).Sample(now);
        var verdict = PressureCrossCheck.Decide(nativeSample.Value, nativeSample.Error?.ToString(), commandSample.Value);
        if (verdict.UseNative)
            return native;
        log($"pressure: reading with the commands, not natively ({verdict.Why}); native: {Describe(nativeSample)}; commands: {Describe(commandSample)}");
        return new MacPressureSource(runner, verdict.Why);
    }

    private static string Describe(Parsed<PressureSample> sample) => sample.Value is { } s
        ? $"available {s.AvailableMb} MB, swap {s.SwapUsedMb}/{s.SwapTotalMb} MB, kernel level {s.KernelLevel}, compressor {s.CompressorMb} MB"
        : sample.Error!.ToString();
}
