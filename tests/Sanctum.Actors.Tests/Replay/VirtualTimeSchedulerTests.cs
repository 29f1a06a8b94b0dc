using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Sanctum.Replay;
using Xunit;

namespace Sanctum.Actors.Tests.Replay;

public sealed class VirtualTimeSchedulerTests
{
    private static readonly DateTimeOffset T0 = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static VirtualTimeScheduler Started()
    {
        var scheduler = new VirtualTimeScheduler(Config.Empty, NoLogger.Instance);
        scheduler.Start(T0);
        return scheduler;
    }

    [Fact]
    public void EachItemRunsAtItsOwnDueTimeInOrder()
    {
        var scheduler = Started();
        var seen = new List<(string What, double Ms)>();
        scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(20), () => seen.Add(("b", (scheduler.Now - T0).TotalMilliseconds)));
        scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(5), () =>
        {
            seen.Add(("a", (scheduler.Now - T0).TotalMilliseconds));
            scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(3), () => seen.Add(("a+3", (scheduler.Now - T0).TotalMilliseconds)));
        });

        scheduler.RunUntil(T0 + TimeSpan.FromSeconds(1));

        Assert.Equal([("a", 5.0), ("a+3", 8.0), ("b", 20.0)], seen);
        Assert.Equal(T0 + TimeSpan.FromSeconds(1), scheduler.Now);
    }

    [Fact]
    public void RepeatingItemsAreRescheduledFromTheirDueTimeAndCancelledOnesSkipped()
    {
        var scheduler = Started();
        var ticks = 0;
        var cancelable = new Cancelable((IScheduler)scheduler);
        scheduler.ScheduleRepeatedly(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250), () => ticks++);
        scheduler.ScheduleOnce(TimeSpan.FromMilliseconds(100), () => Assert.Fail("cancelled"), cancelable);
        cancelable.Cancel();

        scheduler.RunUntil(T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(4, ticks);
    }
}
