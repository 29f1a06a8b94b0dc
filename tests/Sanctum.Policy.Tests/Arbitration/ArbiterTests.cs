using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Xunit;

namespace Sanctum.Policy.Tests.Arbitration;

/// <summary>The arbitration rules of design §4 as a table over the pure <see cref="Arbiter"/>.</summary>
public sealed class ArbiterTests
{
    private static readonly DateTimeOffset T0 = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ArbiterSettings Settings = new(TimeSpan.FromSeconds(120), LeaseOptions.Default);
    private static readonly ProcRow Worker = new(23424, 7, 9_630 * 1024, "S", "node", "/Users/neo/.lmstudio/.internal/utils/node");

    private static OwnerState Owner(string state = "S", bool critical = false, string? denied = null) =>
        OwnerState.Create(Worker with { State = state }, new OwnerTraits(denied, critical, IsAllowlisted: true));

    private static Freeze ValveFreeze(PressureLevel level = PressureLevel.Orange) => new(Requester.Valve, "test", level, DryRun: false);

    private static Resume SentinelResume() => new(Requester.Sentinel, "critical stopped", PressureLevel.Orange, DryRun: false);

    private static OwnerState Frozen(DateTimeOffset at) =>
        Arbiter.AfterSend(Owner(), ValveFreeze(), Delivery.Delivered, at, Settings).State;

    [Fact]
    public void DurationsBeyondTheCalendarSaturateInsteadOfThrowingAfterTheSignal()
    {
        var endless = new ArbiterSettings(TimeSpan.FromDays(3_000_000), LeaseOptions.Default with { Max = TimeSpan.FromDays(3_000_000) });

        var frozen = Arbiter.AfterSend(Owner(), ValveFreeze(), Delivery.Delivered, T0, endless).State;
        var thawed = Arbiter.AfterSend(frozen with { Row = Worker with { State = "T" } }, SentinelResume(), Delivery.Delivered, T0, endless).State;

        Assert.Equal(DateTimeOffset.MaxValue, frozen.Lease?.Until);
        Assert.Equal(DateTimeOffset.MaxValue, thawed.Rest?.Until);
    }

    [Theory]
    [InlineData(1000u, false, "send")]
    [InlineData(0u, false, "refused")]
    [InlineData(0u, true, "send")]
    [InlineData(null, false, "send")]
    public void APersonsThawResumesAnotherUsersProcessOnlyWhenTheGuardStoppedIt(uint? uid, bool guardStoppedIt, string expected)
    {
        var stopped = guardStoppedIt ? Frozen(T0) : Owner(state: "T");
        var owner = stopped with { Row = stopped.Row with { Uid = uid } };
        var thaw = new Resume(Requester.User, "sanctum thaw", PressureLevel.Green, DryRun: false) { OwnUid = 1000 };

        var verdict = Arbiter.Decide(owner, thaw, T0.AddMinutes(1), Settings);

        Assert.Equal(expected, verdict is SendSignal { Signal: Signal.Continue } ? "send" : verdict is Final { Outcome: Outcome.Refused } ? "refused" : verdict.ToString());
        if (verdict is Final refused)
        {
            Assert.Contains("owned by uid 0, not the daemon's uid 1000", refused.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DeniedIdentitiesRefuseEverything()
    {
        var owner = Owner(state: "T", denied: "denylisted: never signalled");

        foreach (OwnerRequest request in new OwnerRequest[] { ValveFreeze(), SentinelResume(), new Kill(Requester.Valve, "x", PressureLevel.Red, false) })
        {
            var verdict = Assert.IsType<Final>(Arbiter.Decide(owner, request, T0, Settings));
            Assert.Equal(Outcome.Refused, verdict.Outcome);
        }
    }

    [Fact]
    public void AStoppedProcessIsNeverFrozenAgainAndNoCooldownIsConsumed()
    {
        var owner = Owner(state: "T+");

        var verdict = Assert.IsType<Final>(Arbiter.Decide(owner, ValveFreeze(), T0, Settings));

        Assert.Equal(Outcome.Already, verdict.Outcome);
        Assert.Empty(Arbiter.AfterFinal(owner, verdict).RecentFreezes);
    }

    [Fact]
    public void AKillStillReachesAStoppedProcessAtRed() =>
        Assert.Equal(new SendSignal(Signal.Kill), Arbiter.Decide(Owner(state: "T"), new Kill(Requester.Valve, "leak", PressureLevel.Red, false), T0, Settings));

    [Theory]
    [InlineData(PressureLevel.Green)]
    [InlineData(PressureLevel.Yellow)]
    [InlineData(PressureLevel.Orange)]
    public void NothingIsKilledBelowRed(PressureLevel level) =>
        Assert.Equal(Outcome.Refused, Assert.IsType<Final>(Arbiter.Decide(Owner(), new Kill(Requester.Valve, "x", level, false), T0, Settings)).Outcome);

    [Fact]
    public void AValveFreezeTakesALeaseUntilMaxLease()
    {
        var frozen = Frozen(T0);

        Assert.Equal("T", frozen.Row.State);
        Assert.Equal(T0 + TimeSpan.FromMinutes(30), frozen.Lease?.Until);
        Assert.Equal(Requester.Valve, frozen.Lease?.By);
    }

    [Fact]
    public void ASentinelResumeUnderALiveLeaseIsDeferredToTheLeaseEndAndReportedOnce()
    {
        var frozen = Frozen(T0);

        var first = Assert.IsType<Final>(Arbiter.Decide(frozen, SentinelResume(), T0.AddSeconds(10), Settings));
        var afterFirst = Arbiter.AfterFinal(frozen, first);
        var second = Assert.IsType<Final>(Arbiter.Decide(afterFirst, SentinelResume(), T0.AddSeconds(20), Settings));

        Assert.Equal(Outcome.Deferred, first.Outcome);
        Assert.Equal(T0 + TimeSpan.FromMinutes(30), first.Until);
        Assert.True(first.Publish);
        Assert.Equal(Outcome.Deferred, second.Outcome);
        Assert.False(second.Publish);
    }

    [Fact]
    public void ASentinelResumeOfAProcessStoppedByAnyoneElseIsApplied() =>
        Assert.Equal(new SendSignal(Signal.Continue), Arbiter.Decide(Owner(state: "T"), SentinelResume(), T0, Settings));

    [Fact]
    public void CriticalsAreFrozenOnlyAtOrangeOrWorse()
    {
        var critical = Owner(critical: true);

        Assert.Equal(Outcome.Refused, Assert.IsType<Final>(Arbiter.Decide(critical, ValveFreeze(PressureLevel.Yellow), T0, Settings)).Outcome);
        Assert.Equal(new SendSignal(Signal.Stop), Arbiter.Decide(critical, ValveFreeze(PressureLevel.Orange), T0, Settings));
    }

    [Fact]
    public void AfterAnyThawTheProcessRunsACooldownBeforeARefreeze()
    {
        var frozen = Frozen(T0);
        var thawed = Arbiter.AfterSend(frozen, new Resume(Requester.Lease, "lease ended", PressureLevel.Orange, false), Delivery.Delivered, T0.AddMinutes(30), Settings).State;

        var early = Assert.IsType<Final>(Arbiter.Decide(thawed, ValveFreeze(), T0.AddMinutes(31), Settings));

        Assert.Equal(Outcome.Refused, early.Outcome);
        Assert.Equal(T0.AddMinutes(32), early.Until);
        Assert.Equal(new SendSignal(Signal.Stop), Arbiter.Decide(thawed, ValveFreeze(), T0.AddMinutes(32), Settings));
    }

    [Fact]
    public void ARefusalNamesItsTimeInUtcOnAHostAheadOfUtc()
    {
        var local = T0.ToOffset(TimeSpan.FromHours(2));
        var thawed = Arbiter.AfterSend(Frozen(local), new Resume(Requester.Lease, "lease ended", PressureLevel.Orange, false), Delivery.Delivered, local.AddMinutes(30), Settings).State;

        var early = Assert.IsType<Final>(Arbiter.Decide(thawed, ValveFreeze(), local.AddMinutes(31), Settings));

        Assert.EndsWith("not refrozen before 2100-01-01T00:32:00Z", early.Reason);
    }

    [Fact]
    public void APersonsThawDropsTheLeaseAndBlocksARefreezeForTheCooldown()
    {
        var thawed = Arbiter.AfterSend(Frozen(T0), new Resume(Requester.User, "sanctum thaw", PressureLevel.Orange, false), Delivery.Delivered, T0.AddMinutes(5), Settings).State;

        Assert.Null(thawed.Lease);
        Assert.Equal(Outcome.Refused, Assert.IsType<Final>(Arbiter.Decide(thawed, ValveFreeze(), T0.AddMinutes(6), Settings)).Outcome);
    }

    [Fact]
    public void AnOutsideResumeSeenByTheScannerIsAnOverride()
    {
        var frozen = Frozen(T0);

        var (stale, staleOverride) = Arbiter.Observe(frozen, Worker, readAt: T0, now: T0.AddSeconds(1), Settings);
        var (state, overridden) = Arbiter.Observe(frozen, Worker, readAt: T0.AddSeconds(5), now: T0.AddSeconds(5), Settings);

        Assert.False(staleOverride);
        Assert.Equal("T", stale.Row.State);
        Assert.True(overridden);
        Assert.Null(state.Lease);
        Assert.Equal(T0.AddSeconds(125), state.Rest?.Until);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(999)]
    public void AReadingBegunWhileTheStopIsStillLandingIsNoOutsideResume(int msAfterFreeze)
    {
        // SIGSTOP takes effect when the target is next scheduled: on a loaded host a reading a few ms later still says S.
        var (state, overridden) = Arbiter.Observe(Frozen(T0), Worker, readAt: T0.AddMilliseconds(msAfterFreeze), now: T0.AddSeconds(1), Settings);

        Assert.False(overridden);
        Assert.NotNull(state.Lease);
        Assert.Equal("T", state.Row.State);
    }

    [Theory]
    [InlineData("D")]
    [InlineData("U")]
    [InlineData("Z")]
    public void AProcessThatIsNotRunningKeepsItsLease(string notRunning)
    {
        var (state, overridden) = Arbiter.Observe(Frozen(T0), Worker with { State = notRunning }, readAt: T0.AddSeconds(5), now: T0.AddSeconds(5), Settings);

        Assert.False(overridden);
        Assert.NotNull(state.Lease);
    }

    [Fact]
    public void AStopWaitingOutAnUninterruptibleSleepIsStillThawedAndNotFrozenAgain()
    {
        var (waiting, _) = Arbiter.Observe(Frozen(T0), Worker with { State = "D" }, readAt: T0.AddSeconds(5), now: T0.AddSeconds(5), Settings);

        var refreeze = Assert.IsType<Final>(Arbiter.Decide(waiting, ValveFreeze(), T0.AddMinutes(10), Settings));
        Assert.Equal(Outcome.Already, refreeze.Outcome);
        Assert.Equal(new SendSignal(Signal.Continue), Arbiter.Decide(waiting, new Resume(Requester.Lease, "lease ended", PressureLevel.Yellow, false), T0.AddMinutes(10), Settings));
        Assert.Equal(Outcome.Deferred, Assert.IsType<Final>(Arbiter.Decide(waiting, SentinelResume(), T0.AddMinutes(10), Settings)).Outcome);
    }

    [Fact]
    public void TheCooldownAndMaxFreezesPerHourAreEnforced()
    {
        var owner = Owner();
        var at = T0;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(new SendSignal(Signal.Stop), Arbiter.Decide(owner, ValveFreeze(), at, Settings));
            owner = Arbiter.AfterSend(owner, ValveFreeze(), Delivery.Delivered, at, Settings).State;
            var cooling = Assert.IsType<Final>(Arbiter.Decide(owner with { Row = Worker, Lease = null }, ValveFreeze(), at.AddSeconds(60), Settings));
            Assert.Contains("cooldown", cooling.Reason);
            owner = owner with { Row = Worker, Lease = null };
            at = at.AddSeconds(130);
        }

        var fourth = Assert.IsType<Final>(Arbiter.Decide(owner, ValveFreeze(), at, Settings));
        Assert.Contains("max-freezes-per-hour", fourth.Reason);
        Assert.Equal(new SendSignal(Signal.Stop), Arbiter.Decide(owner, ValveFreeze(), T0.AddHours(1), Settings));
    }

    [Fact]
    public void ASignalThatFindsNoProcessIsRefusedAndChangesNothing()
    {
        var (state, outcome, reason) = Arbiter.AfterSend(Owner(), ValveFreeze(), Delivery.Gone, T0, Settings);

        Assert.Equal(Outcome.Refused, outcome);
        Assert.Contains("gone", reason);
        Assert.Null(state.Lease);
        Assert.Empty(state.RecentFreezes);
    }
}
