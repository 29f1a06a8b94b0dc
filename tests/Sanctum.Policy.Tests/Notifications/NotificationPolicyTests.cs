using Sanctum.Policy.Classification;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Notifications;
using Xunit;

namespace Sanctum.Policy.Tests.Notifications;

/// <summary>Which decisions notify, in which words, and how a burst within <c>notify.min-interval</c> becomes one summary.</summary>
public sealed class NotificationPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);
    private static readonly NotificationRules Default = new(["freeze", "kill", "shed", "alert"], Minute);

    private static Decision Freeze(int pid, string name = "LM Studio Helper", long rssMb = 9_830, Outcome outcome = Outcome.Applied) =>
        new SignalDecision(T0, new ProcessIdentity(pid, 7), name, rssMb, Signal.Stop, Requester.Valve, outcome, "worst candidate", PressureLevel.Orange, T0.AddMinutes(30));

    private static Decision Kill(int pid) =>
        new SignalDecision(T0, new ProcessIdentity(pid, 7), "qemu-system-x86", 512, Signal.Kill, Requester.Valve, Outcome.Applied, "freezing did not help", PressureLevel.Red, null);

    private static Decision Thaw(int pid) =>
        new SignalDecision(T0, new ProcessIdentity(pid, 7), "ollama", 0, Signal.Continue, Requester.Valve, Outcome.Applied, "lease ended", PressureLevel.Green, null);

    private static Decision Shed(string label, Outcome outcome = Outcome.Applied) => new ShedDecision(T0, label, Requester.Valve, outcome, "tier 2", PressureLevel.Orange);

    private static readonly Decision Alert = new AlertDecision(
        T0, PressureLevel.Red, "RED and no freeze, shed or kill is left that could help: a person must act; passed over: 23424-7: frozen 3 times this hour");

    public static TheoryData<string, Decision, string?> Words => new()
    {
        { "freeze", Freeze(23424), "froze LM Studio Helper (9.6 GB) at ORANGE — sanctum why 23424" },
        { "small freeze", Freeze(77, "ollama", 312), "froze ollama (312 MB) at ORANGE — sanctum why 77" },
        { "dry-run freeze", Freeze(23424, outcome: Outcome.DryRun), "would freeze LM Studio Helper (9.6 GB) at ORANGE — sanctum why 23424" },
        { "kill", Kill(4242), "killed qemu-system-x86 (512 MB) at RED — sanctum why 4242" },
        { "shed", Shed("com.sanctum.memory-vault"), "shed com.sanctum.memory-vault at ORANGE — sanctum history" },
        { "dry-run shed", Shed("com.sanctum.memory-vault", Outcome.DryRun), "would shed com.sanctum.memory-vault at ORANGE — sanctum history" },
        { "alert", Alert, "ALERT at RED: RED and no freeze, shed or kill is left that could help: a person must act; passed over: 23424-7: frozen 3 times this hour — sanctum history" },
        { "refused freeze", Freeze(23424, outcome: Outcome.Refused), null },
        { "skipped shed", Shed("com.sanctum.memory-vault", Outcome.Skipped), null },
        { "thaw, not in notify.on", Thaw(77), null },
        { "level change", new LevelChanged(T0, PressureLevel.Green, PressureLevel.Orange, new(PressureLevel.Orange, PressureLevel.Orange, PressureLevel.Yellow, 0, false), new(T0, 812, 0, 0, 2, 0)), null },
    };

    [Theory]
    [MemberData(nameof(Words))]
    public void AFirstEventIsShownAtOnceInItsOwnWords(string _, Decision decision, string? expected)
    {
        var step = NotificationPolicy.Observe(NotificationState.Initial, DecisionRecord.Of(decision), Default, T0);

        Assert.Equal(expected, step.Send?.Body);
        Assert.Null(step.FlushAt);
        Assert.Equal(expected is null ? null : T0, step.State.LastSentAt);
    }

    [Fact]
    public void OnlyTheAlertIsUrgentAndTitledForAPerson()
    {
        var alert = NotificationPolicy.Observe(NotificationState.Initial, DecisionRecord.Of(Alert), Default, T0).Send!;
        var freeze = NotificationPolicy.Observe(NotificationState.Initial, DecisionRecord.Of(Freeze(1)), Default, T0).Send!;

        Assert.True(alert.Urgent);
        Assert.Equal("sanctum: a person must act", alert.Title);
        Assert.False(freeze.Urgent);
        Assert.Equal("sanctum", freeze.Title);
    }

    [Fact]
    public void ThawNotifiesWhenNamedInNotifyOn()
    {
        var rules = Default with { On = ["thaw"] };

        var step = NotificationPolicy.Observe(NotificationState.Initial, DecisionRecord.Of(Thaw(77)), rules, T0);

        Assert.Equal("thawed ollama at GREEN — sanctum why 77", step.Send?.Body);
        Assert.Null(NotificationPolicy.Observe(NotificationState.Initial, DecisionRecord.Of(Freeze(1)), rules, T0).Send);
    }

    /// <summary>Offsets in seconds from the first event; each row: the event, what is sent at once, and whether a flush is asked for.</summary>
    public static TheoryData<string, (int At, Decision Decision)[], int, int, int?> Bursts => new()
    {
        { "one event", [(0, Freeze(1))], 1, 0, null },
        { "two inside the interval", [(0, Freeze(1)), (10, Freeze(2))], 1, 1, 60 },
        { "four inside, one flush asked for", [(0, Freeze(1)), (10, Freeze(2)), (20, Kill(3)), (59, Shed("vault"))], 1, 3, 60 },
        { "the second after the interval", [(0, Freeze(1)), (60, Freeze(2))], 2, 0, null },
        { "ignored events hold nothing", [(0, Freeze(1)), (5, Thaw(1)), (6, Freeze(2, outcome: Outcome.Refused))], 1, 0, null },
    };

    [Theory]
    [MemberData(nameof(Bursts))]
    public void EventsInsideTheMinIntervalAreHeldAndOneFlushIsAskedFor(string _, (int At, Decision Decision)[] events, int sent, int held, int? flushAt)
    {
        var (state, sends, flushes) = Run(events, Default);

        Assert.Equal(sent, sends.Count);
        Assert.Equal(held, state.Held.Count);
        Assert.Equal(flushAt is { } s ? [T0.AddSeconds(s)] : [], flushes);
    }

    [Fact]
    public void AFlushSendsEverythingHeldAsOneSummary()
    {
        var (state, _, _) = Run([(0, Freeze(1)), (10, Freeze(2)), (20, Kill(3)), (30, Freeze(4))], Default);

        var flush = NotificationPolicy.Flush(state, T0.AddSeconds(60));

        Assert.Equal("froze 2, killed 1 — sanctum history", flush.Send?.Body);
        Assert.False(flush.Send!.Urgent);
        Assert.Empty(flush.State.Held);
        Assert.Equal(T0.AddSeconds(60), flush.State.LastSentAt);
        // The next event is held again: the summary counts as the last notification.
        var next = NotificationPolicy.Observe(flush.State, DecisionRecord.Of(Freeze(5)), Default, T0.AddSeconds(61));
        Assert.Null(next.Send);
        Assert.Equal(T0.AddSeconds(120), next.FlushAt);
    }

    [Fact]
    public void AFlushOfOneHeldEventShowsItInItsOwnWords()
    {
        var (state, _, _) = Run([(0, Freeze(1)), (10, Shed("com.sanctum.memory-vault", Outcome.DryRun))], Default);

        Assert.Equal("would shed com.sanctum.memory-vault at ORANGE — sanctum history", NotificationPolicy.Flush(state, T0.AddSeconds(60)).Send?.Body);
    }

    [Fact]
    public void AFlushWithNothingHeldSendsNothing() =>
        Assert.Null(NotificationPolicy.Flush(NotificationState.Initial, T0).Send);

    [Fact]
    public void AnAlertNeverWaitsAndCarriesWhatWasHeld()
    {
        var (state, _, _) = Run([(0, Freeze(1)), (10, Freeze(2)), (20, Freeze(3))], Default);

        var step = NotificationPolicy.Observe(state, DecisionRecord.Of(Alert), Default, T0.AddSeconds(25));

        Assert.NotNull(step.Send);
        Assert.True(step.Send.Urgent);
        Assert.EndsWith("(also froze 2) — sanctum history", step.Send.Body, StringComparison.Ordinal);
        Assert.Empty(step.State.Held);
        Assert.Null(NotificationPolicy.Flush(step.State, T0.AddSeconds(60)).Send);
    }

    [Fact]
    public void AZeroMinIntervalShowsEveryEvent()
    {
        var (_, sends, flushes) = Run([(0, Freeze(1)), (0, Freeze(2)), (0, Kill(3))], Default with { MinInterval = TimeSpan.Zero });

        Assert.Equal(["froze", "froze", "killed"], sends.Select(n => n.Body.Split(' ')[0]));
        Assert.Empty(flushes);
    }

    private static (NotificationState State, List<Notification> Sends, List<DateTimeOffset> Flushes) Run((int At, Decision Decision)[] events, NotificationRules rules)
    {
        var (state, sends, flushes) = (NotificationState.Initial, new List<Notification>(), new List<DateTimeOffset>());
        foreach (var (at, decision) in events)
        {
            var step = NotificationPolicy.Observe(state, DecisionRecord.Of(decision), rules, T0.AddSeconds(at));
            state = step.State;
            if (step.Send is { } n)
            {
                sends.Add(n);
            }

            if (step.FlushAt is { } f)
            {
                flushes.Add(f);
            }
        }

        return (state, sends, flushes);
    }
}
