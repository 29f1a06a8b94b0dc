using System.Globalization;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>
/// Re-reads the start time with <c>ps -o lstart= -p PID</c> and sends with <c>kill</c> only when it still
/// matches. macOS has no pidfd, so a pid reused between the check and the kill (a window of milliseconds, and
/// the start time has one-second resolution) is the residual risk.
/// </summary>
public sealed class MacSignalPort : ISignalPort
{
    private readonly ICommandRunner _runner;
    private readonly SignalGuard _guard;

    public MacSignalPort(ICommandRunner runner, IReadOnlySet<int> protectedPids)
    {
        _runner = runner;
        _guard = new SignalGuard(protectedPids);
    }

    /// <summary>macOS (BSD) signal numbers.</summary>
    public static int Number(Signal signal) => signal switch
    {
        Signal.Stop => 17,
        Signal.Continue => 19,
        _ => 9,
    };

    public Delivery Send(ProcessIdentity target, Signal signal)
    {
        if (_guard.Refuses(target.Pid))
            return Delivery.NotPermitted;
        var check = _runner.Run(MacCommands.Ps, ["-o", "lstart=", "-p", target.Pid.ToString(CultureInfo.InvariantCulture)], MacCommands.Timeout);
        // ps exits 1 with no output when the pid does not exist.
        if (check.ExitCode == 1 && string.IsNullOrWhiteSpace(check.Output))
            return Delivery.Gone;
        if (!check.Succeeded || PsStartTimeParser.ParseLstart(check.Output) is not { } start)
            return Delivery.Failed;
        if (start != target.StartTime)
            return Delivery.Gone;
        return Libc.kill(target.Pid, Number(signal)) == 0 ? Delivery.Delivered : Libc.DeliveryFor(Libc.Errno);
    }
}
