using System.Collections.Concurrent;
using Sanctum.Policy.Domain;
using Sanctum.Ports;
using Sanctum.Replay;

namespace Sanctum.Actors.Tests.Storms;

/// <summary>What reached the OS port: the signal, the target's state just before, and whether it was delivered.</summary>
internal sealed record SentSignal(ProcessIdentity Target, Signal Signal, string? StateBefore, Delivery Delivery, DateTimeOffset At);

/// <summary>
/// Wraps the simulated OS to record every signal that reaches it and to catch two signals in flight to one
/// identity at once (which the one-owner design must make impossible).
/// </summary>
internal sealed class RecordingSignals(SimulatedHost host, Func<DateTimeOffset> clock) : ISignalPort
{
    private readonly ConcurrentDictionary<ProcessIdentity, int> _inFlight = new();
    private int _overlaps;

    public ConcurrentQueue<SentSignal> Sent { get; } = new();

    public int Overlaps => _overlaps;

    public Delivery Send(ProcessIdentity target, Signal signal)
    {
        if (_inFlight.AddOrUpdate(target, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        try
        {
            var before = host.StateOf(target);
            Thread.SpinWait(50);
            var delivery = host.Send(target, signal);
            Sent.Enqueue(new SentSignal(target, signal, before, delivery, clock()));
            return delivery;
        }
        finally
        {
            _inFlight.AddOrUpdate(target, 0, (_, n) => n - 1);
        }
    }
}
