using Akka.Actor;
using Akka.TestKit;
using Sanctum.Actors.Picking;
using Sanctum.Actors.Pressure;
using Sanctum.Actors.Valve;
using Sanctum.Configuration;
using Sanctum.Policy.Classification;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Planning;
using Xunit;

namespace Sanctum.Actors.Tests.Valve;

/// <summary>
/// A restarted valve holds its remedies until the ledger has given back its markers and cooldowns, so it cannot
/// re-shed a target judged ineffective before the crash, and never holds them longer than the wait it was given.
/// </summary>
public sealed class ValveSeedHoldTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly ValveOptions Options = SanctumConfigLoader.LoadOverrides(null, new Dictionary<string, string?>()).Options!.Valve;

    private readonly TestProbe _picker;

    public ValveSeedHoldTests()
        : base(VirtualTime.Config)
    {
        _picker = CreateTestProbe();
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void PressureBeforeTheSeedWaitsAndIsActedOnAsTheSeedArrives()
    {
        var valve = Valve(Wait);

        valve.Tell(Orange());
        _picker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        valve.Tell(new SeedValve(Fresh(), CooldownBook.Empty));
        _picker.ExpectMsg<RankCandidates>();
    }

    [Fact]
    public void ASeedInCalmWeatherStartsNothing()
    {
        var valve = Valve(Wait);

        valve.Tell(new SeedValve(Fresh(), CooldownBook.Empty));
        _picker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
    }

    [Fact]
    public void ALedgerThatNeverAnswersHoldsTheValveNoLongerThanTheWait()
    {
        var valve = Valve(Wait);

        valve.Tell(Orange());
        Clock.Advance(Wait - TimeSpan.FromSeconds(1));
        valve.Tell(Orange());
        _picker.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Clock.Advance(TimeSpan.FromSeconds(1));
        valve.Tell(Orange());
        _picker.ExpectMsg<RankCandidates>();
    }

    [Fact]
    public void WithoutALedgerTheValveActsAtOnce()
    {
        Valve(awaitSeed: null).Tell(Orange());

        _picker.ExpectMsg<RankCandidates>();
    }

    /// <summary>A started valve: the hold is measured from its start, which must come before the test moves the clock.</summary>
    private IActorRef Valve(TimeSpan? awaitSeed)
    {
        var valve = Sys.ActorOf(ValveActor.Props(Options, dryRun: true, _picker.Ref, CreateTestProbe().Ref, CreateTestProbe().Ref, awaitSeed));
        valve.Tell(GetValveStatus.Instance);
        ExpectMsg<ValveStatus>();
        return valve;
    }

    private static Policy.Effectiveness.ShedEffectiveness Fresh() =>
        Policy.Effectiveness.ShedEffectiveness.Create(Options.Shed.DeltaMb, Options.Shed.MaxFailStreak, Options.Shed.SkipWindow);

    private PressureObserved Orange() => new(
        new PressureSample(Clock.Now, 3000, 0, 8192, 1, 0),
        new PressureClassification(PressureLevel.Orange, PressureLevel.Orange, PressureLevel.Green, 0, false),
        PressureLevel.Orange,
        PressureLevel.Orange);
}
