using Sanctum.Daemon.Cli;
using Xunit;

namespace Sanctum.Daemon.Tests;

public sealed class ClientSlotsTests
{
    private static readonly Func<bool> Silent = () => false;

    [Fact]
    public void AConnectionWhoseRequestHasArrivedIsNotShed()
    {
        var slots = new ClientSlots(2);
        var spoken = slots.TryTake(() => true)!;
        var silent = slots.TryTake(Silent)!;

        Assert.NotNull(slots.TryTake(Silent));

        Assert.False(spoken.Shed.IsCancellationRequested);
        Assert.True(silent.Shed.IsCancellationRequested);
    }

    [Fact]
    public void WhenFullTheLongestWaitingConnectionIsShedForANewcomer()
    {
        var slots = new ClientSlots(3);
        var oldest = slots.TryTake(Silent)!;
        var busy = slots.TryTake(Silent)!;
        var newer = slots.TryTake(Silent)!;
        busy.Busy();
        newer.Waiting();

        var newcomer = slots.TryTake(Silent);

        Assert.NotNull(newcomer);
        Assert.True(oldest.Shed.IsCancellationRequested);
        Assert.False(busy.Shed.IsCancellationRequested);
        Assert.False(newer.Shed.IsCancellationRequested);
        Assert.Equal(3, slots.Taken);
    }

    [Fact]
    public void WhenEveryConnectionIsBusyANewcomerIsRefused()
    {
        var slots = new ClientSlots(2);
        var first = slots.TryTake(Silent)!;
        var second = slots.TryTake(Silent)!;
        first.Busy();
        second.Busy();

        Assert.Null(slots.TryTake(Silent));

        second.Dispose();
        Assert.NotNull(slots.TryTake(Silent));
        Assert.False(first.Shed.IsCancellationRequested);
    }

    [Fact]
    public void AShedConnectionThatEndsFreesNothingTwice()
    {
        var slots = new ClientSlots(1);
        var idle = slots.TryTake(Silent)!;
        var newcomer = slots.TryTake(Silent)!;

        idle.Dispose();

        Assert.Equal(1, slots.Taken);
        newcomer.Dispose();
        Assert.Equal(0, slots.Taken);
    }
}
