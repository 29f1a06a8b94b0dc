using Sanctum.Ports;

namespace Sanctum.Os;

/// <summary>
/// Wakes the sampler on a plain timer, never sooner than <paramref name="floor"/>: for hosts whose pressure
/// reading costs a fork (macOS through <c>vm_stat</c> and <c>sysctl</c>), which must not run tens of times a second.
/// </summary>
public sealed class TimerTrigger(TimeSpan floor, string why) : IPressureTrigger
{
    private readonly Lock _gate = new();
    private Timer? _timer;

    public string Mode => floor > TimeSpan.Zero ? $"read at most every {floor.TotalSeconds:0.###}s ({why})" : $"read on a timer by headroom ({why})";

    public void WakeAfter(TimeSpan delay, Action<bool> wake)
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = new Timer(_ => wake(false), null, delay < floor ? floor : delay, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }
    }
}
