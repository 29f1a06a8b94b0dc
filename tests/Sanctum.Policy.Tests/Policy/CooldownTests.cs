using Sanctum.Policy.Planning;
using Xunit;

namespace Sanctum.Policy.Tests.Policy;

public sealed class CooldownTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;

    [Fact]
    public void TheSamePairWaits120SecondsBeforeActingAgain()
    {
        var cooldown = Defaults.Valve.Cooldown;
        var book = CooldownBook.Empty.Start("23424-0", "SIGSTOP", T0, cooldown);

        Assert.Equal(TimeSpan.FromSeconds(120), cooldown);
        Assert.True(book.IsCooling("23424-0", "SIGSTOP", T0.AddSeconds(119)));
        Assert.False(book.IsCooling("23424-0", "SIGSTOP", T0.AddSeconds(120)));
        Assert.Equal(TimeSpan.FromSeconds(20), book.Remaining("23424-0", "SIGSTOP", T0.AddSeconds(100)));
    }

    [Fact]
    public void ACooldownIsPerTargetAndPerAction()
    {
        var book = CooldownBook.Empty.Start("23424-0", "SIGSTOP", T0, TimeSpan.FromSeconds(120));

        Assert.False(book.IsCooling("23424-0", "SIGKILL", T0.AddSeconds(1)));
        Assert.False(book.IsCooling("23424-77", "SIGSTOP", T0.AddSeconds(1)));
    }

    [Fact]
    public void ExpiredEntriesArePruned()
    {
        var book = CooldownBook.Empty.Start("a", "x", T0, TimeSpan.FromSeconds(1)).Start("b", "x", T0.AddSeconds(5), TimeSpan.FromSeconds(1));

        Assert.Equal(["b"], book.Until.Keys.Select(k => k.Target));
    }
}
