using Sanctum.Policy.Classification;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Xunit;
using static Sanctum.Policy.Domain.PressureLevel;

namespace Sanctum.Policy.Tests.Sampling;

public sealed class LevelConfirmationTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(5);

    /// <summary>Readings as (milliseconds since T0, raw level); the confirmed level after each.</summary>
    private static PressureLevel[] Confirmed(params (int Ms, PressureLevel Raw)[] readings)
    {
        var c = LevelConfirmation.Start(2, Tick, ConfirmOptions.Default);
        return [.. readings.Select(r => (c = c.Observe(r.Raw, T0.AddMilliseconds(r.Ms)).Next).Confirmed)];
    }

    [Fact]
    public void TwoReadingsInARowConfirmARiseHoweverCloseTogether() =>
        Assert.Equal([Green, Orange], Confirmed((0, Orange), (5, Orange)));

    [Fact]
    public void ASingleBadReadingNeverConfirms() =>
        Assert.Equal([Green, Green, Green], Confirmed((0, Red), (5, Green), (25, Green)));

    [Fact]
    public void AFallIsImmediate() =>
        Assert.Equal([Green, Orange, Green], Confirmed((0, Orange), (5, Orange), (25, Green)));

    [Fact]
    public void ALevelJustLostIsConfirmedAgainOnlyATickAfterTheFall() =>
        Assert.Equal(
            [Green, Orange, Yellow, Yellow, Yellow, Yellow, Orange],
            Confirmed((0, Orange), (5, Orange), (25, Yellow), (45, Orange), (50, Orange), (4_000, Orange), (5_100, Orange)));

    [Fact]
    public void AWorseLevelThanTheOneLostIsNotHeldBack() =>
        Assert.Equal([Green, Orange, Yellow, Yellow, Red], Confirmed((0, Orange), (5, Orange), (25, Yellow), (45, Red), (50, Red)));

    [Theory]
    [InlineData(0, Orange)]
    [InlineData(4_999, Orange)]
    [InlineData(5_000, Red)]
    public void KillsWaitUntilRedHasLastedKillAfter(int msAfterRed, PressureLevel remedy)
    {
        var (c, _) = LevelConfirmation.Start(2, Tick, ConfirmOptions.Default).Observe(Red, T0);
        (c, _) = c.Observe(Red, T0.AddMilliseconds(5));
        Assert.Equal(Red, c.Confirmed);
        Assert.Equal(remedy, c.RemedyLevel(T0.AddMilliseconds(5 + msAfterRed)));
    }
}
