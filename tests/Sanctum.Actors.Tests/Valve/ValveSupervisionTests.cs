using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using Sanctum.Actors.Picking;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Services;
using Sanctum.Actors.Valve;
using Sanctum.Configuration;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Classification;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Policy.Planning;
using Xunit;

namespace Sanctum.Actors.Tests.Valve;

/// <summary>
/// Faults the valve must outlive: a reply that never comes (an owner that threw and was resumed, a picker or
/// service actor restarted) is given up on at its deadline and the next reading acts again; a valve that throws
/// comes back disarmed if a person disarmed it, with its cooldowns and ineffective markers, and asks the journal
/// for its seed again.
/// </summary>
public sealed class ValveSupervisionTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly ValveOptions Options = SanctumConfigLoader.LoadOverrides(null, new Dictionary<string, string?>()).Options!.Valve;
    private static readonly ProcRow Row = new(4242, 77, 2_000_000, "S", "worker", "worker --big");
    private static readonly Candidate Worker = new(Row, new AllowlistEntry("worker", "worker", StopPolicy.SigstopOnly, 0), false);

    private readonly TestProbe _picker;
    private readonly TestProbe _registry;
    private readonly TestProbe _services;

    public ValveSupervisionTests()
        : base(VirtualTime.Config)
    {
        _picker = CreateTestProbe();
        _registry = CreateTestProbe();
        _services = CreateTestProbe();
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void AnOwnerThatNeverAnswersIsGivenUpOnAtTheDeadlineAndTheNextReadingActsAgain()
    {
        var valve = Valve(dryRun: false);
        FreezeRouted(valve);

        valve.Tell(Orange());
        _picker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Clock.Advance(ValveActor.ReplyDeadline);
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
    }

    [Fact]
    public void APickerThatNeverAnswersIsGivenUpOnAtTheDeadline()
    {
        var valve = Valve(dryRun: false);
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();

        Clock.Advance(ValveActor.ReplyDeadline - TimeSpan.FromSeconds(1));
        valve.Tell(Orange());
        _picker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Clock.Advance(TimeSpan.FromSeconds(1));
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
    }

    [Fact]
    public void AServiceThatNeverAnswersIsGivenUpOnAtTheShedDeadline()
    {
        var valve = Valve(dryRun: false);
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
        _picker.Reply(new RankedCandidates([], []));
        var shed = _services.ExpectMsg<Shed>();

        Clock.Advance(ValveActor.ReplyDeadline);
        valve.Tell(Orange());
        _picker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Clock.Advance(ValveActor.ShedDeadline - ValveActor.ReplyDeadline);
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
        _picker.Reply(new RankedCandidates([], []));
        Assert.Equal(shed.Label, _services.ExpectMsg<Shed>().Label);
    }

    [Fact]
    public void ProgressCountsTheReadingsTheValveActsOnAndNotThoseWhileAnAttemptIsPending()
    {
        var valve = Valve(dryRun: false);
        var started = Clock.Now;
        Assert.Equal(new ValveProgress(0, started), Status(valve).Progress);

        Clock.Advance(TimeSpan.FromSeconds(1));
        var actedOn = Clock.Now;
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
        Assert.Equal(new ValveProgress(1, actedOn), Status(valve).Progress);

        Clock.Advance(TimeSpan.FromSeconds(1));
        valve.Tell(Orange());
        Clock.Advance(TimeSpan.FromSeconds(1));
        valve.Tell(Orange());
        Assert.Equal(new ValveProgress(1, actedOn), Status(valve).Progress);

        Clock.Advance(ValveActor.ReplyDeadline);
        var afterTheDeadline = Clock.Now;
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
        Assert.Equal(new ValveProgress(2, afterTheDeadline), Status(valve).Progress);
    }

    [Fact]
    public void ProgressCountsAReadingOnceTheAttemptBeforeItEnded()
    {
        var valve = Valve(dryRun: false);
        FreezeRouted(valve);
        Clock.Advance(TimeSpan.FromSeconds(1));
        valve.Tell(Orange());
        Assert.Equal(1, Status(valve).Progress!.Readings);

        _registry.Reply(new Applied(Row.Identity, Signal.Stop, "frozen", DryRun: false));
        Clock.Advance(TimeSpan.FromSeconds(1));
        valve.Tell(Orange());

        Assert.Equal(new ValveProgress(2, Clock.Now), Status(valve).Progress);
    }

    [Fact]
    public void AReplyToAnAbandonedAttemptIsNotTakenForTheNextOne()
    {
        var valve = Valve(dryRun: false);
        FreezeRouted(valve);
        Clock.Advance(ValveActor.ReplyDeadline);
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();

        valve.Tell(new Applied(Row.Identity, Signal.Stop, "late", DryRun: false));
        valve.Tell(GetValveStatus.Instance);
        Assert.Null(ExpectMsg<ValveStatus>().LastAction);
    }

    [Fact]
    public void ARestartedValveKeepsAPersonsDisarmItsCooldownsAndItsIneffectiveMarkers()
    {
        var valve = Valve(dryRun: false);
        valve.Tell(new SetDryRun(true, Requester.User));
        ExpectMsg<ArmingDecision>();
        valve.Tell(new SeedValve(Skipping("com.sanctum.reranker"), CooldownBook.Empty));
        var route = FreezeRouted(valve);
        Assert.True(((Freeze)route.Request).DryRun);
        _registry.Reply(new Applied(Row.Identity, Signal.Stop, "frozen", DryRun: true));

        Crash(valve);

        valve.Tell(GetValveStatus.Instance);
        var status = ExpectMsg<ValveStatus>();
        Assert.Equal((true, Requester.User), (status.DryRun, status.LastArming!.By));
        Assert.Equal("com.sanctum.reranker", status.IneffectiveTargets.Single().Target);
        Assert.NotNull(status.LastAction);

        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
        _picker.Reply(new RankedCandidates([Worker], []));
        var shed = _services.ExpectMsg<Shed>();
        Assert.True(shed.DryRun);
        Assert.NotEqual("com.sanctum.reranker", shed.Label);
        _registry.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void AValveAsksTheJournalForItsSeedOnEveryStartAndTakesBackAPersonsDisarm()
    {
        var disarmedAt = Clock.Now.AddDays(-1);
        var journal = new ScriptedJournal(new SeedValve(Fresh(), CooldownBook.Empty, new ArmingDecision(disarmedAt, true, Requester.User)));
        var valve = Valve(dryRun: false, journal);

        AwaitAssert(() => Assert.True(Status(valve).DryRun));
        Assert.Equal(disarmedAt, Status(valve).LastArming!.At);

        Crash(valve);
        AwaitAssert(() => Assert.Equal(2, journal.Seeds));
        Assert.True(Status(valve).DryRun);
    }

    [Fact]
    public void ATakenBackDisarmIsAnnouncedAsRestoredNotAsANewDecision()
    {
        var disarmed = new ArmingDecision(Clock.Now.AddDays(-1), true, Requester.User);
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe(listener.Ref, typeof(ArmingRestored));
        Sys.EventStream.Subscribe(listener.Ref, typeof(ArmingDecision));

        Valve(dryRun: false, new ScriptedJournal(new SeedValve(Fresh(), CooldownBook.Empty, disarmed)));

        Assert.Equal(disarmed, listener.ExpectMsg<ArmingRestored>().Journaled);
        listener.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void AnArmingIsAcknowledgedOnlyOnceTheJournalHasWrittenIt()
    {
        var journal = new ScriptedJournal(new SeedValve(Fresh(), CooldownBook.Empty));
        var valve = Valve(dryRun: true, journal);

        valve.Tell(new SetDryRun(false, Requester.User));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.False(Status(valve).DryRun);
        journal.Written.SetResult();

        Assert.False(ExpectMsg<ArmingDecision>().DryRun);
        Assert.Equal(ValveActor.ArmingWrittenDeadline, journal.AskedWithin);
    }

    [Fact]
    public void AnArmingTheJournalCouldNotWriteIsAnsweredWithWhy()
    {
        var journal = new ScriptedJournal(new SeedValve(Fresh(), CooldownBook.Empty));
        var valve = Valve(dryRun: false, journal);

        valve.Tell(new SetDryRun(true, Requester.User));
        journal.Written.SetException(new TimeoutException("the journal did not confirm the write within 2 s"));

        var failure = ExpectMsg<Status.Failure>();
        Assert.Equal("disarmed, but not written down (the journal did not confirm the write within 2 s): it may not outlast a restart of the daemon", failure.Cause.Message);
        Assert.True(Status(valve).DryRun);
    }

    private IActorRef Valve(bool dryRun, IValveJournal? journal = null)
    {
        var props = journal is null
            ? ValveActor.Props(Options, dryRun, _picker.Ref, _registry.Ref, _services.Ref)
            : ValveActor.Props(Options, new ValveMemory(Options, new GuardArming(dryRun)), _picker.Ref, _registry.Ref, _services.Ref, TimeSpan.FromSeconds(10), journal: journal);
        var valve = Sys.ActorOf(props);
        Status(valve);
        return valve;
    }

    private ValveStatus Status(IActorRef valve)
    {
        valve.Tell(GetValveStatus.Instance);
        return ExpectMsg<ValveStatus>();
    }

    private Route FreezeRouted(IActorRef valve)
    {
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
        _picker.Reply(new RankedCandidates([Worker], []));
        return _registry.ExpectMsg<Route>(r => r.Target == Row.Identity && r.Request is Freeze);
    }

    /// <summary>A picker's answer the planner cannot read makes the valve throw: its parent restarts it.</summary>
    private void Crash(IActorRef valve)
    {
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
        EventFilter.Exception<Exception>().ExpectOne(() => _picker.Reply(new RankedCandidates(null!, [])));
    }

    private static ShedEffectiveness Fresh() => ValveBook.Create(Options).Effectiveness;

    private ShedEffectiveness Skipping(string target) =>
        Fresh() with { Targets = ImmutableDictionary<string, TargetRecord>.Empty.Add(target, new TargetRecord(3, 1, Clock.Now.AddHours(1))) };

    private PressureObserved Orange() => new(
        new PressureSample(Clock.Now, 3000, 0, 8192, 1, 0),
        new PressureClassification(PressureLevel.Orange, PressureLevel.Orange, PressureLevel.Green, 0, false),
        PressureLevel.Orange,
        PressureLevel.Orange);

    private sealed class ScriptedJournal(SeedValve seed) : IValveJournal
    {
        private int _seeds;

        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Seeds => Volatile.Read(ref _seeds);

        public TimeSpan AskedWithin { get; private set; }

        public Task<SeedValve> SeedAsync(ShedEffectiveness fresh, TimeSpan within)
        {
            Interlocked.Increment(ref _seeds);
            return Task.FromResult(seed);
        }

        public Task WrittenAsync(TimeSpan within)
        {
            AskedWithin = within;
            return Written.Task;
        }
    }
}
