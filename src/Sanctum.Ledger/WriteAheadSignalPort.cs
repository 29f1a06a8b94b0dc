using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Ledger;

/// <summary>
/// Puts the write-ahead hold in front of every SIGSTOP: the hold is durable before the stop is sent, and a
/// stop that cannot be written down is not sent (<see cref="Delivery.Failed"/>, and <c>refused</c> says why).
/// Wrapping the port rather than the owner keeps the rule true for every path that stops a process. A hold
/// is released when its process is resumed, killed or gone, or when the stop was not delivered.
/// </summary>
public sealed class WriteAheadSignalPort(ISignalPort inner, IHoldJournal holds, Func<DateTimeOffset> clock, Action<ProcessIdentity, string> refused) : ISignalPort
{
    public Delivery Send(ProcessIdentity target, Signal signal)
    {
        if (signal == Signal.Stop && holds.Record(target, clock()) is { } problem)
        {
            refused(target, problem);
            return Delivery.Failed;
        }

        var delivery = inner.Send(target, signal);
        var ended = signal == Signal.Stop ? delivery != Delivery.Delivered : delivery is Delivery.Delivered or Delivery.Gone;
        if (ended)
        {
            holds.Release(target);
        }

        return delivery;
    }
}
