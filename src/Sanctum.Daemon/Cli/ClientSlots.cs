using System.Diagnostics;

namespace Sanctum.Daemon.Cli;

/// <summary>
/// The socket's connections, at most <c>capacity</c>. When every slot is taken, the connection that has waited
/// longest for its next request (and has none waiting to be read) is shed to make room, so clients that connect and never speak cannot keep a
/// person's <c>thaw</c> or <c>status</c> out; only when every connection is busy with a request is a newcomer refused.
/// </summary>
public sealed class ClientSlots(int capacity)
{
    private readonly HashSet<ClientSlot> _taken = [];

    public int Taken
    {
        get
        {
            lock (_taken)
            {
                return _taken.Count;
            }
        }
    }

    /// <summary>A slot for a new connection (waiting for its first request), or null when all are busy.</summary>
    /// <param name="hasRequestWaiting">Whether the connection's next request has arrived, not yet read: then it is not idle.</param>
    public ClientSlot? TryTake(Func<bool> hasRequestWaiting)
    {
        lock (_taken)
        {
            if (_taken.Count >= capacity)
            {
                var idlest = _taken.Where(s => s.WaitingSince is not null && !s.HasRequestWaiting()).MinBy(s => s.WaitingSince);
                if (idlest is null)
                {
                    return null;
                }

                _taken.Remove(idlest);
                idlest.ShedNow();
            }

            var slot = new ClientSlot(this, hasRequestWaiting);
            _taken.Add(slot);
            return slot;
        }
    }

    internal void Release(ClientSlot slot)
    {
        lock (_taken)
        {
            _taken.Remove(slot);
        }
    }
}

/// <summary>One connection's place: <see cref="Waiting"/> while it reads, <see cref="Busy"/> while it answers.</summary>
public sealed class ClientSlot : IDisposable
{
    private readonly ClientSlots _slots;
    private readonly CancellationTokenSource _shed = new();
    private long _waitingSince = Stopwatch.GetTimestamp();

    internal ClientSlot(ClientSlots slots, Func<bool> hasRequestWaiting)
    {
        _slots = slots;
        HasRequestWaiting = hasRequestWaiting;
    }

    internal Func<bool> HasRequestWaiting { get; }

    /// <summary>Cancelled when the slot was given to a newer connection.</summary>
    public CancellationToken Shed => _shed.Token;

    internal long? WaitingSince => Interlocked.Read(ref _waitingSince) is var since and > 0 ? since : null;

    public void Waiting() => Interlocked.Exchange(ref _waitingSince, Stopwatch.GetTimestamp());

    public void Busy() => Interlocked.Exchange(ref _waitingSince, 0);

    public void Dispose()
    {
        _slots.Release(this);
        _shed.Dispose();
    }

    internal void ShedNow() => _shed.Cancel();
}
