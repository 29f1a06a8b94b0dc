using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Replay;
using Xunit;

namespace Sanctum.Actors.Tests.Replay;

/// <summary>The sampler in virtual time: sub-second samples, a leak that crosses ORANGE and RED within seconds.</summary>
public sealed class SensingScenarioTests
{
    [Fact]
    public void ALeakOfOneGigabyteASecondIsFrozenWithinTensOfMillisecondsOfCrossingOrange()
    {
        var r = Replays.Run("leak-1gb-per-second.conf");

        // Available memory reaches ORANGE (4096 MB) with the sample at 8.0 s.
        var freeze = Assert.Single(r.Applied(61000, Signal.Stop));
        var sinceCrossing = (freeze.At - (r.Start + TimeSpan.FromSeconds(8))).TotalMilliseconds;
        Assert.InRange(sinceCrossing, 0, 50);
        Assert.InRange(ReplayReport.Summarize(r).FirstRemedyMs ?? -1, 0, 50);

        // RED (2048 MB) comes with the sample at 10.0 s; the kill waits for RED to last confirm.kill-after (5 s).
        var red = r.Decisions.OfType<LevelChanged>().Single(l => l.To == PressureLevel.Red);
        var kill = Assert.Single(r.Applied(61000, Signal.Kill));
        Assert.InRange((red.At - r.Start).TotalSeconds, 10, 10.05);
        Assert.InRange((kill.At - red.At).TotalSeconds, 5, 5.05);
        Assert.Empty(r.Signals(61100));
    }

    [Fact]
    public void ReplayTimesAreExactToTheMillisecond()
    {
        var r = Replays.Run("leak-1gb-per-second.conf");
        var lines = ReplayReport.JsonLines(r).ToArray();

        Assert.Contains(lines, l => l.StartsWith("{\"t\":8.0", StringComparison.Ordinal) && l.Contains("\"SIGSTOP\"", StringComparison.Ordinal));
        Assert.Contains("\"first-remedy-ms\":", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutPressureThereIsNoFirstRemedy()
    {
        var r = Replays.Run("one-sample-spike.conf");

        Assert.Null(ReplayReport.Summarize(r).FirstRemedyMs);
        Assert.Contains("\"first-remedy-ms\":null", ReplayReport.JsonLines(r).Last(), StringComparison.Ordinal);
    }
}
