using Sanctum.Policy.Options;
using Sanctum.Policy.Probing;
using Xunit;

namespace Sanctum.Policy.Tests.Probing;

/// <summary>The probe rules, one observation at a time, on a probe run every 60 s.</summary>
public sealed class ProbePolicyTests
{
    private static readonly DateTimeOffset T0 = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ProbeOptions Lms = new(
        "lmstudio-coder-14b", @"\.lmstudio/", ProbeKind.Tcp, "127.0.0.1:1234", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), 3,
        ["lms unload coder", "lms load coder"], TimeSpan.FromSeconds(120), null, 3);

    /// <summary>Feeds observations at minutes 1, 2, 3, … and keeps every step.</summary>
    private sealed class Driver(ProbeOptions probe)
    {
        public ProbeState State { get; private set; } = ProbeState.Initial;

        public List<ProbeStep> Steps { get; } = [];

        public int Minute { get; private set; }

        public ProbeStep See(bool passed, DateTimeOffset? frozenUntil = null, bool? healthyBehind = null)
        {
            Minute++;
            var step = ProbePolicy.Observe(State, probe, new ProbeObservation(passed, passed ? "ok" : "refused", healthyBehind), T0.AddMinutes(Minute), frozenUntil);
            State = step.State;
            Steps.Add(step);
            return step;
        }

        /// <summary>'F' a failure, 'P' a pass, 'Z' a failure while frozen (one lease), 'H' a failure while healthy-when fails.</summary>
        public Driver Run(string script)
        {
            foreach (var c in script)
            {
                See(c == 'P', c == 'Z' ? T0.AddHours(1) : null, c == 'H' ? false : null);
            }

            return this;
        }
    }

    [Theory]
    [InlineData("FFF", "1 2 3", 3)]
    [InlineData("FFPFFF", "1 2 0 1 2 3", 6)]
    [InlineData("FPFPFP", "1 0 1 0 1 0", 0)]
    [InlineData("FZZFZF", "1 1 - 2 - 3", 6)]
    [InlineData("FHHFHF", "1 1 1 2 2 3", 6)]
    [InlineData("PPPP", "0 - - -", 0)]
    public void FailuresCountConsecutivelyAndRecoveryRunsOnceAtTheThreshold(string script, string published, int recoveryAt)
    {
        var d = new Driver(Lms).Run(script);

        Assert.Equal(published, string.Join(' ', d.Steps.Select(s => s.Probe is { } p ? p.Failures.ToString() : "-")));
        var recoveries = d.Steps.Select((s, i) => (s, i)).Where(x => x.s.Recover).Select(x => x.i + 1).ToArray();
        Assert.Equal(recoveryAt == 0 ? [] : [recoveryAt], recoveries);
    }

    [Fact]
    public void CountedFailuresLogTheOriginalLine()
    {
        var d = new Driver(Lms).Run("FFF");

        Assert.Equal(
            ["PROBE: lmstudio-coder-14b failed (1/3)", "PROBE: lmstudio-coder-14b failed (2/3)", "PROBE: lmstudio-coder-14b failed (3/3)"],
            d.Steps.Select(s => s.Log));
        Assert.Equal(0, d.State.Failures);
    }

    [Fact]
    public void UnderALeaseFailuresAreNotCountedAndSaidOncePerLease()
    {
        var d = new Driver(Lms);
        var first = T0.AddMinutes(30);
        var second = T0.AddMinutes(90);

        var a = d.See(false, first);
        var b = d.See(false, first);
        var c = d.See(false, second);

        Assert.Equal("PROBE: lmstudio-coder-14b failed: expected: frozen by valve until 2100-01-01T00:30:00Z", a.Log);
        Assert.False(a.Probe!.Counted);
        Assert.Null(b.Log);
        Assert.Null(b.Probe);
        Assert.Equal("PROBE: lmstudio-coder-14b failed: expected: frozen by valve until 2100-01-01T01:30:00Z", c.Log);
        Assert.All(d.Steps, s => Assert.False(s.Recover));
        Assert.Equal(0, d.State.Failures);
    }

    [Fact]
    public void ANeverEndingFreezeNeverRecovers()
    {
        var d = new Driver(Lms).Run(new string('Z', 100));

        Assert.DoesNotContain(d.Steps, s => s.Recover);
        Assert.Single(d.Steps, s => s.Log is not null);
    }

    [Fact]
    public void ARecoveryFollowedByAPassWithinTheGraceIsEffective()
    {
        var d = new Driver(Lms).Run("FFF");

        var inGrace = d.See(false);
        var pass = d.See(true);

        Assert.False(inGrace.Probe!.Counted);
        Assert.Contains("within recover-grace", inGrace.Probe.Reason);
        Assert.True(pass.Evaluation!.Effective);
        Assert.True(pass.Evaluation.OfRecovery);
        Assert.Null(pass.Evaluation.SkipFor);
        Assert.Equal(0, d.State.Ineffective);
    }

    [Fact]
    public void ARecoveryNotFollowedByAPassWithinTheGraceIsIneffectiveAndBacksOff()
    {
        var d = new Driver(Lms).Run("FFF");

        d.See(false);
        var due = d.See(false);

        Assert.False(due.Evaluation!.Effective);
        Assert.Equal(TimeSpan.FromMinutes(2), due.Evaluation.SkipFor);
        Assert.Equal(1, due.Probe!.Failures);
        Assert.Equal(T0.AddMinutes(7), d.State.BackoffUntil);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(9, 30)]
    [InlineData(40, 30)]
    public void BackoffDoublesFromTheGraceAndIsCappedAtThirtyMinutes(int ineffective, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), ProbePolicy.Backoff(TimeSpan.FromMinutes(2), ineffective));

    [Fact]
    public void AProbeThatNeverPassesRecoversEverMoreRarelyAndAlertsOnceAfterTwoIneffective()
    {
        var d = new Driver(Lms with { MaxPerHour = 100 }).Run(new string('F', 180));

        var recoveries = d.Steps.Select((s, i) => (s, i)).Where(x => x.s.Recover).Select(x => x.i + 1).ToArray();
        var gaps = recoveries.Zip(recoveries.Skip(1), (a, b) => b - a).ToArray();
        Assert.Equal([4, 6, 10, 18, 32, 32, 32, 32], gaps);
        Assert.Equal(
            [2, 4, 8, 16, 30, 30, 30, 30, 30],
            d.Steps.Where(s => s.Evaluation is not null).Select(s => (int)s.Evaluation!.SkipFor!.Value.TotalMinutes));
        var alert = Assert.Single(d.Steps, s => s.Alert is not null);
        Assert.Equal(2, alert.State.Ineffective);
        Assert.Contains("2 recoveries in a row did not bring it back", alert.Alert);
    }

    [Fact]
    public void AtMostMaxPerHourRecoveriesRunInAnHour()
    {
        var d = new Driver(Lms with { Failures = 1 }).Run("FPFPFPFPFPFP");

        var recoveries = d.Steps.Select((s, i) => (s, i)).Where(x => x.s.Recover).Select(x => x.i + 1).ToArray();
        Assert.Equal([1, 3, 5], recoveries);
        Assert.Contains("max-per-hour (3) reached; next allowed at 2100-01-01T01:01:00Z", d.Steps[6].Probe!.Reason);
        Assert.All(d.Steps.Where(s => s.Evaluation is not null), s => Assert.True(s.Evaluation!.Effective));

        // An hour after the first, the next may run.
        while (d.Minute < 60)
        {
            d.See(d.Minute % 2 == 1);
        }

        Assert.True(d.See(false).Recover);
    }

    [Fact]
    public void AProbeWithoutRecoverCommandsOnlyCounts()
    {
        var d = new Driver(Lms with { Recover = [] }).Run("FFFF");

        Assert.DoesNotContain(d.Steps, s => s.Recover);
        Assert.Equal([1, 2, 3, 3], d.Steps.Select(s => s.Probe!.Failures));
        Assert.EndsWith("recovery held back: no recover commands configured", d.Steps[^1].Probe!.Reason);
    }

    [Fact]
    public void AFailureWhileHealthyWhenFailsIsNotCounted()
    {
        var step = new Driver(Lms).See(false, healthyBehind: false);

        Assert.False(step.Probe!.Counted);
        Assert.Contains("healthy-when failed", step.Probe.Reason);
    }
}
