using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Actors.Tests.Replay;

/// <summary>The sentinel's service probes in replay: intentional freezes, and recoveries that do not help.</summary>
public sealed class ProbeScenarioTests
{
    [Fact]
    public void AProbeOfAWorkerFrozenByTheValveCountsNothingAndRecoversNothing()
    {
        var r = Replays.Run("2026-04-26-probe-while-frozen.conf");
        var probes = r.Decisions.OfType<ProbeDecision>().ToArray();
        var freeze = Assert.Single(r.Applied(23424, Signal.Stop));
        var thaw = Assert.Single(r.Applied(23424, Signal.Continue));

        Assert.Equal(Requester.Lease, thaw.By);
        Assert.DoesNotContain(probes, p => !p.Passed && p.Counted);
        var expected = Assert.Single(probes, p => !p.Passed);
        Assert.StartsWith($"expected: frozen by valve until {freeze.LeaseUntil:yyyy-MM-ddTHH:mm:ssZ}", expected.Reason);
        Assert.InRange(expected.At, freeze.At, thaw.At);
        Assert.Empty(r.Decisions.OfType<RecoveryDecision>());
        Assert.Empty(r.Host.Commands);

        // After the thaw the probe passes again, and that is recorded once.
        var pass = Assert.Single(probes, p => p.Passed && p.At > thaw.At);
        Assert.True(pass.At - thaw.At <= TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void ARecoveryThatNeverHelpsBacksOffAndAlertsInsteadOfLooping()
    {
        var r = Replays.Run("recovery-never-helps.conf");
        var recoveries = r.Decisions.OfType<RecoveryDecision>().ToArray();
        var evaluations = r.Decisions.OfType<EvaluationDecision>().Where(e => e.OfRecovery).ToArray();

        Assert.All(recoveries, x => Assert.Equal(Outcome.Applied, x.Outcome));
        Assert.InRange(recoveries.Length, 3, 8);
        Assert.Equal(recoveries.SelectMany(_ => new[] { "unload kiwix", "load kiwix" }), r.Host.Commands.Select(c => c.Command));
        Assert.All(evaluations, e => Assert.False(e.Effective));

        // The gaps grow: never two recoveries within the first gap, the last ones at least 30 min apart, and
        // never more than 3 in any hour.
        var at = recoveries.Select(x => r.T(x)).ToArray();
        var gaps = at.Zip(at.Skip(1), (a, b) => b - a).ToArray();
        Assert.All(gaps, g => Assert.True(g >= gaps[0], string.Join(", ", gaps)));
        Assert.True(gaps[^1] >= 30 * 60, string.Join(", ", gaps));
        Assert.All(at, t => Assert.InRange(at.Count(u => u >= t && u < t + 3600), 1, 3));

        var alert = Assert.Single(r.Decisions.OfType<AlertDecision>());
        Assert.Contains("kiwix: 2 recoveries in a row did not bring it back", alert.Reason);
        Assert.Equal(evaluations[1].At, alert.At);
    }
}
