using System.Collections.Immutable;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Picking;
using Sanctum.Policy.Planning;
using Sanctum.Policy.Tests.Policy;
using Xunit;
using static Sanctum.Policy.Tests.Policy.Rows;

namespace Sanctum.Policy.Tests.Planning;

/// <summary>The valve's book with the shipped defaults: a 120 s cooldown, 30 min skip window, 100 MB relief, 2 misses.</summary>
public sealed class ValveBookTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch;
    private static readonly Candidate Mlx = new(Row(9221, "sanctum-mlx", 65_813, "R"), Defaults.Valve.Allowlist[0], IsCritical: false);
    private static readonly string MlxId = Mlx.Row.Identity.ToString();
    private static readonly string Stop = Signal.Stop.ToWire();
    private static readonly string Kill = Signal.Kill.ToWire();
    private static readonly PressureReading Tight = new(SwapUsedMb: 8_000, AvailableMb: 200);
    private const string Ollama = "com.ollama.server";

    private static ValveBook Fresh => ValveBook.Create(Defaults.Valve);

    public enum Gate
    {
        Freeze,
        Kill,
        Shed,
    }

    /// <summary>One row: how the book got where it is, which gate is asked, how many seconds after T0, and the answer.</summary>
    public sealed record Case(string Name, Func<ValveBook, ValveBook> Build, Gate Gate, int AtSeconds, Hold? Expected)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases { get; } =
    [
        new("nothing recorded", b => b, Gate.Freeze, 0, null),
        new("cooldown holds with seconds left", b => b.WithApplied(MlxId, Stop, T0), Gate.Freeze, 100, new Hold("cooldown: 20s left", Temporary: true)),
        new("cooldown ends", b => b.WithApplied(MlxId, Stop, T0), Gate.Freeze, 120, null),
        new("cooldown is per action", b => b.WithApplied(MlxId, Stop, T0), Gate.Kill, 1, null),
        new("temporary refusal", b => b.WithRefusal(MlxId, Stop, new ValveRefusal(T0.AddSeconds(60), "resting", Temporary: true)), Gate.Freeze, 10, new Hold("resting", Temporary: true)),
        new("permanent refusal", b => b.WithRefusal(MlxId, Kill, new ValveRefusal(T0.AddSeconds(120), "denied", Temporary: false)), Gate.Kill, 10, new Hold("denied")),
        new("refusal ends at its date", b => b.WithRefusal(MlxId, Stop, new ValveRefusal(T0.AddSeconds(60), "resting", Temporary: true)), Gate.Freeze, 60, null),
        new("shed refused for a cooldown", b => b.WithShedReply(Ollama, Outcome.Refused, "no such service", T0, Tight), Gate.Shed, 119, new Hold("no such service")),
        new("shed refusal ends", b => b.WithShedReply(Ollama, Outcome.Refused, "no such service", T0, Tight), Gate.Shed, 120, null),
        new("pending evaluation", b => b.WithShedReply(Ollama, Outcome.Applied, "", T0, Tight), Gate.Shed, 200, new Hold("shed, waiting for its evaluation", Temporary: true)),
        new("dry-run shed only cools down", b => b.WithShedReply(Ollama, Outcome.DryRun, "", T0, Tight), Gate.Shed, 60, new Hold("cooldown: 60s left", Temporary: true)),
        new("dry-run shed is never judged", b => b.WithShedReply(Ollama, Outcome.DryRun, "", T0, Tight), Gate.Shed, 120, null),
        new("ineffective skip", IneffectiveTwice, Gate.Shed, 241 + 600, new Hold("ineffective: skipped for 1200s more")),
        new("ineffective skip ends", IneffectiveTwice, Gate.Shed, 241 + 1800, null),
        new("respawn loop", b => b.WithServiceState(Ollama, running: true, respawnLoop: true), Gate.Shed, 0, new Hold("respawn loop: its supervisor keeps bringing it back")),
        new("respawn loop left", b => b.WithServiceState(Ollama, true, true).WithServiceState(Ollama, true, false), Gate.Shed, 0, null),
        new("not running holds", b => b.WithShedReply(Ollama, Outcome.Already, "", T0, Tight), Gate.Shed, 1799, new Hold("not running")),
        new("not running ends with the skip window", b => b.WithShedReply(Ollama, Outcome.Already, "", T0, Tight), Gate.Shed, 1800, null),
        new("seen running again", b => b.WithShedReply(Ollama, Outcome.Already, "", T0, Tight).WithServiceState(Ollama, true, false), Gate.Shed, 10, null),
        new("seen stopped stays not running", b => b.WithShedReply(Ollama, Outcome.Already, "", T0, Tight).WithServiceState(Ollama, false, false), Gate.Shed, 10, new Hold("not running")),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void GatesAnswer(Case c)
    {
        var gates = c.Build(Fresh).Gates(T0.AddSeconds(c.AtSeconds));

        var hold = c.Gate switch
        {
            Gate.Freeze => gates.WhyNotFreeze(Mlx),
            Gate.Kill => gates.WhyNotKill(Mlx),
            _ => gates.WhyNotShed(Ollama),
        };

        Assert.Equal(c.Expected, hold);
    }

    [Fact]
    public void AJudgedShedIsNoLongerPending()
    {
        var book = Fresh.WithShedReply(Ollama, Outcome.Applied, "", T0, Tight);

        var (early, none) = book.Evaluate(T0.AddSeconds(119), Tight);
        var (judged, results) = early.Evaluate(T0.AddSeconds(120), Tight with { AvailableMb = 900 });

        Assert.Empty(none);
        Assert.True(early.Effectiveness.IsPending(Ollama));
        var result = Assert.Single(results);
        Assert.Equal(new EvaluationResult(Ollama, Effective: true, DeltaMb: 700, FailStreak: 0, SkipFor: null), result);
        Assert.Null(judged.Gates(T0.AddSeconds(120)).WhyNotShed(Ollama));
    }

    [Fact]
    public void AKillIsJudgedUnderItsOwnName()
    {
        var book = Fresh.WithApplied(MlxId, Kill, T0).WithJudgementDue("kill:sanctum-mlx", Tight, T0);

        var (_, results) = book.Evaluate(T0.AddSeconds(120), Tight);

        Assert.Equal(new EvaluationResult("kill:sanctum-mlx", Effective: false, DeltaMb: 0, FailStreak: 1, SkipFor: null), Assert.Single(results));
    }

    [Fact]
    public void TheSeedKeepsThisRunsCooldownsAndPendingEvaluations()
    {
        var thisRun = Fresh
            .WithApplied(MlxId, Stop, T0.AddSeconds(50))
            .WithShedReply(Ollama, Outcome.Applied, "", T0.AddSeconds(50), Tight);
        var seeded = Fresh.Effectiveness with
        {
            Targets = ImmutableDictionary<string, TargetRecord>.Empty.Add("com.docker.backend", new TargetRecord(2, 1, T0.AddMinutes(30))),
        };
        var seededCooldowns = CooldownBook.Empty
            .Start(MlxId, Stop, T0, TimeSpan.FromSeconds(10))
            .Start(MlxId, Kill, T0, TimeSpan.FromSeconds(90));

        var book = thisRun.WithSeed(seeded, seededCooldowns);
        var gates = book.Gates(T0.AddSeconds(60));

        Assert.Equal(new Hold("cooldown: 110s left", Temporary: true), gates.WhyNotFreeze(Mlx));
        Assert.Equal(new Hold("cooldown: 30s left", Temporary: true), gates.WhyNotKill(Mlx));
        Assert.Equal(new Hold("shed, waiting for its evaluation", Temporary: true), gates.WhyNotShed(Ollama));
        Assert.Equal(new Hold("ineffective: skipped for 1740s more"), gates.WhyNotShed("com.docker.backend"));
    }

    /// <summary>Two sheds in a row that moved nothing: skipped for the 30 min window from the second judgement (T0 + 241 s).</summary>
    private static ValveBook IneffectiveTwice(ValveBook book)
    {
        var (once, _) = book.WithShedReply(Ollama, Outcome.Applied, "", T0, Tight).Evaluate(T0.AddSeconds(120), Tight);
        var (twice, _) = once.WithShedReply(Ollama, Outcome.Applied, "", T0.AddSeconds(121), Tight).Evaluate(T0.AddSeconds(241), Tight);
        return twice;
    }
}
