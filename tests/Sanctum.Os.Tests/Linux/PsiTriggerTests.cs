using Sanctum.Os.Linux;
using Xunit;

namespace Sanctum.Os.Tests.Linux;

public sealed class PsiTriggerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [LinuxFact]
    public void ItWakesTheSamplerOnceAfterTheDelayAndSaysHowItWakes()
    {
        using var trigger = new PsiTrigger();
        using var woken = new CountdownEvent(1);
        var wakes = 0;

        trigger.WakeAfter(TimeSpan.FromMilliseconds(30), _ =>
        {
            Interlocked.Increment(ref wakes);
            woken.Signal();
        });

        Assert.True(woken.Wait(Patience), "never woken");
        Assert.Matches("^(woken by PSI triggers|polling by headroom)", trigger.Mode);
        Assert.Equal(trigger.HasPsiTrigger, trigger.Mode.StartsWith("woken by PSI", StringComparison.Ordinal));
        Assert.Equal(1, Volatile.Read(ref wakes));
    }

    [LinuxFact]
    public void ANewDeadlineReplacesThePendingOne()
    {
        using var trigger = new PsiTrigger();
        using var woken = new ManualResetEventSlim();
        var late = false;

        trigger.WakeAfter(TimeSpan.FromHours(1), _ => late = true);
        trigger.WakeAfter(TimeSpan.FromMilliseconds(10), _ => woken.Set());

        Assert.True(woken.Wait(Patience), "the shorter deadline did not interrupt the longer one");
        Assert.False(late);
    }

    [LinuxFact]
    public void WithoutPsiItFallsBackToPollingAndSaysWhy()
    {
        using var trigger = new PsiTrigger("/nonexistent/pressure/memory");
        using var woken = new ManualResetEventSlim();

        trigger.WakeAfter(TimeSpan.FromMilliseconds(10), _ => woken.Set());

        Assert.False(trigger.HasPsiTrigger);
        Assert.StartsWith("polling by headroom (no PSI trigger: cannot open /nonexistent/pressure/memory", trigger.Mode, StringComparison.Ordinal);
        Assert.True(woken.Wait(Patience));
    }
}
