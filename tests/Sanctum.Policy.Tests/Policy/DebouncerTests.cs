using Sanctum.Policy.Classification;
using Sanctum.Policy.Domain;
using Xunit;
using static Sanctum.Policy.Domain.PressureLevel;

namespace Sanctum.Policy.Tests.Policy;

public sealed class DebouncerTests
{
    private static IReadOnlyList<PressureLevel> Confirmed(int required, params PressureLevel[] raw)
    {
        var debouncer = Debouncer.Start(required);
        var confirmed = new List<PressureLevel>();
        foreach (var level in raw)
        {
            (debouncer, _) = debouncer.Observe(level);
            confirmed.Add(debouncer.Confirmed);
        }

        return confirmed;
    }

    [Fact]
    public void ALevelMustHoldDebounceTicksBeforeItIsConfirmed() =>
        Assert.Equal([Green, Orange, Orange], Confirmed(2, Orange, Orange, Orange));

    [Fact]
    public void ASingleSampleSpikeConfirmsNothing() =>
        Assert.Equal([Green, Green, Green, Green], Confirmed(2, Green, Red, Green, Green));

    [Fact]
    public void RecoveryIsImmediate() =>
        Assert.Equal([Green, Red, Green], Confirmed(2, Red, Red, Green));

    [Fact]
    public void MixedBadTicksConfirmTheMildestOfThem() =>
        Assert.Equal([Green, Orange, Red], Confirmed(2, Orange, Red, Red));

    [Fact]
    public void DebounceOfOneActsOnTheFirstSample() =>
        Assert.Equal([Red], Confirmed(1, Red));

    [Fact]
    public void ObserveReportsOnlyChanges()
    {
        var d = Debouncer.Start(2);
        (d, var first) = d.Observe(Orange);
        (d, var second) = d.Observe(Orange);
        (_, var third) = d.Observe(Orange);

        Assert.Null(first);
        Assert.Equal(Orange, second);
        Assert.Null(third);
    }
}
