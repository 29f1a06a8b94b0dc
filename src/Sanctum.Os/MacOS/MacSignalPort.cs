using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Os.MacOS;

/// <summary>
/// Re-reads the start time (<see cref="IPidStartReader"/>: natively, or with <c>ps</c> when the native read
/// was not trusted at start) and sends with <c>kill</c> only when it still matches. macOS has no pidfd, so a
/// pid reused between the check and the kill (a window of microseconds natively, milliseconds with ps, and
/// the start time has one-second resolution) is the residual risk.
/// </summary>
public sealed class MacSignalPort : ISignalPort
{
    private readonly IPidStartReader _starts;
    private readonly SignalGuard _guard;

    public MacSignalPort(IPidStartReader starts, IReadOnlySet<int> protectedPids)
    {
        _starts = starts;
        _guard = new SignalGuard(protectedPids);
    }

    public string Reading => _starts.Reading;

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
        var start = _starts.Read(target.Pid);
        if (start.StartSeconds is not { } seconds)
            return start.Instead;
        if (seconds != target.StartTime)
            return Delivery.Gone;
        return Libc.kill(target.Pid, Number(signal)) == 0 ? Delivery.Delivered : Libc.DeliveryFor(Libc.Errno);
    }
}
