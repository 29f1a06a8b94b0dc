using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace Sanctum.Replay;

/// <summary>
/// The replay's clock: time moves only when <see cref="RunUntil"/> is called, and then jumps from one due
/// item to the next, with <see cref="Now"/> at each item's own due time. Unlike a scheduler advanced in
/// fixed steps, a 20 ms re-read inside a 24-hour replay lands at exactly 20 ms and costs one step, so
/// sub-second sampling replays faithfully and fast. Items due at the same instant run in the order they
/// were scheduled; repeating items are rescheduled from their due time.
/// </summary>
public sealed class VirtualTimeScheduler : IScheduler, IAdvancedScheduler
{
    private readonly PriorityQueue<Item, (long Due, long Seq)> _queue = new();
    private readonly Lock _gate = new();
    private long _seq;
    private DateTimeOffset _now = DateTimeOffset.UnixEpoch;

    public VirtualTimeScheduler(Config config, ILoggingAdapter log)
    {
    }

    public DateTimeOffset Now => _now;

    public TimeSpan MonotonicClock => _now - DateTimeOffset.UnixEpoch;

    public TimeSpan HighResMonotonicClock => MonotonicClock;

    public IAdvancedScheduler Advanced => this;

    /// <summary>Sets the clock without running anything; only before the first item is due.</summary>
    public void Start(DateTimeOffset at) => _now = at;

    /// <summary>Runs every item due up to <paramref name="end"/>, in due order, then leaves the clock there.</summary>
    public void RunUntil(DateTimeOffset end)
    {
        while (TakeNext(end) is { } item)
        {
            if (item.Cancelable?.IsCancellationRequested == true)
            {
                continue;
            }

            if (item.Receiver is { } receiver)
            {
                receiver.Tell(item.Message, item.Sender);
            }
            else
            {
                item.Action!();
            }

            if (item.Interval is { } interval)
            {
                Enqueue(interval, item);
            }
        }

        _now = end;
    }

    private Item? TakeNext(DateTimeOffset end)
    {
        lock (_gate)
        {
            if (!_queue.TryPeek(out _, out var key) || key.Due > end.UtcTicks)
            {
                return null;
            }

            _now = new DateTimeOffset(key.Due, TimeSpan.Zero);
            return _queue.Dequeue();
        }
    }

    private void Enqueue(TimeSpan delay, Item item)
    {
        lock (_gate)
        {
            var due = _now.UtcTicks + Math.Max(0, delay.Ticks);
            _queue.Enqueue(item, (due, _seq++));
        }
    }

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender) =>
        Enqueue(delay, new Item(receiver, message, sender, null, null, null));

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Enqueue(delay, new Item(receiver, message, sender, null, null, cancelable));

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender) =>
        Enqueue(initialDelay, new Item(receiver, message, sender, null, interval, null));

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender, ICancelable cancelable) =>
        Enqueue(initialDelay, new Item(receiver, message, sender, null, interval, cancelable));

    public void ScheduleOnce(TimeSpan delay, Action action) =>
        Enqueue(delay, new Item(null, null, null, action, null, null));

    public void ScheduleOnce(TimeSpan delay, Action action, ICancelable cancelable) =>
        Enqueue(delay, new Item(null, null, null, action, null, cancelable));

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action) =>
        Enqueue(initialDelay, new Item(null, null, null, action, interval, null));

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable cancelable) =>
        Enqueue(initialDelay, new Item(null, null, null, action, interval, cancelable));

    public void ScheduleOnce(TimeSpan delay, IRunnable action) => ScheduleOnce(delay, action.Run);

    public void ScheduleOnce(TimeSpan delay, IRunnable action, ICancelable cancelable) => ScheduleOnce(delay, action.Run, cancelable);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action) => ScheduleRepeatedly(initialDelay, interval, action.Run);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable cancelable) =>
        ScheduleRepeatedly(initialDelay, interval, action.Run, cancelable);

    private sealed record Item(ICanTell? Receiver, object? Message, IActorRef? Sender, Action? Action, TimeSpan? Interval, ICancelable? Cancelable);
}
