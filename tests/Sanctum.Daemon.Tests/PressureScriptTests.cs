using Sanctum.Configuration.Pressure;
using Sanctum.Daemon.Pressure;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Daemon.Tests;

public sealed class PressureScriptTests
{
    [Fact]
    public void ReadsTheSamplesAndTheSwapTotalAndIgnoresTheRestOfAScenario()
    {
        const string text = """
            name = "demo"
            duration = 60s
            host { memory-mb = 32768, swap-total-mb = 8192 }
            processes = [ { pid = 10, name = "x" } ]
            pressure = [
              { at = 0s, available-mb = 20000, swap-used-mb = 100, kernel-level = 1, compressor-mb = 5 }
              { at = 10s, available-mb = 3000 }
              { at = 1m, kernel-level = 4 }
            ]
            """;

        var result = PressureScript.Parse(text, "demo.conf");

        Assert.Empty(result.Errors);
        var timeline = Assert.IsType<PressureTimeline>(result.Timeline);
        Assert.Equal(8192, timeline.SwapTotalMb);
        Assert.Equal(32768, timeline.MemoryMb);
        Assert.Equal(
            [
                new ScenarioSample(TimeSpan.Zero, 20000, 100, 1, 5),
                new ScenarioSample(TimeSpan.FromSeconds(10), 3000, null, null, null),
                new ScenarioSample(TimeSpan.FromMinutes(1), null, null, 4, null),
            ],
            timeline.Samples);
    }

    [Fact]
    public void HostSizesDefaultLikeAScenario()
    {
        var result = PressureScript.Parse("pressure = [ { at = 0s } ]", "p.conf");

        Assert.Equal(PressureScript.DefaultSwapTotalMb, result.Timeline!.SwapTotalMb);
        Assert.Equal(PressureScript.DefaultMemoryMb, result.Timeline.MemoryMb);
    }

    [Theory]
    [InlineData("pressure = [\n  { at = 0s }\n  { at = 5s, availble-mb = 3000 }\n]", "availble-mb", 3, "unknown key")]
    [InlineData("pressure = [\n  { at = 0s, available-mb = lots }\n]", "available-mb", 2, "expected an integer")]
    [InlineData("pressure = [\n  { available-mb = 1 }\n]", "pressure", 2, "is required")]
    [InlineData("pressure = [\n  { at = 0s, available-mb = -5 }\n]", "available-mb", 2, "must not be negative")]
    [InlineData("pressure = [\n  { at = 0s, kernel-level = 7 }\n]", "kernel-level", 2, "must be 1")]
    [InlineData("pressure = [\n  { at = 10s }\n  { at = 5s }\n]", "at", 3, "time order")]
    [InlineData("pressure = [\n  { at = 0s }\n  { at = 5 }\n]", "at", 3, "needs a unit, e.g. 5s")]
    [InlineData("host {\n  swap-total-mb = 0\n}\npressure = [ { at = 0s } ]", "host.swap-total-mb", 2, "must be positive")]
    [InlineData("host {\n  swap-totl-mb = 1\n}\npressure = [ { at = 0s } ]", "host.swap-totl-mb", 2, "unknown key")]
    [InlineData("name = x\n\npressure = []", "pressure", 3, "at least one sample")]
    [InlineData("pressure = [\n  { at = 0s }\n  { at = 25h }\n]", "at", 3, "must be at most 24h, got 25h")]
    public void ABadValueIsNamedWithItsKeyAndLine(string text, string key, int line, string message)
    {
        var result = PressureScript.Parse(text, "bad.conf");

        Assert.Null(result.Timeline);
        var error = Assert.Single(result.Errors);
        Assert.Contains(key, error.Key, StringComparison.Ordinal);
        Assert.Equal("bad.conf", error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingPressureListIsNamed()
    {
        var error = Assert.Single(PressureScript.Parse("name = x", "s.conf").Errors);

        Assert.Equal("pressure", error.Key);
        Assert.Contains("is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASyntaxErrorCarriesItsLine()
    {
        var error = Assert.Single(PressureScript.Parse("pressure = [\n  { at = 0s \n", "s.conf").Errors);

        Assert.Equal("s.conf", error.File);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void MoreSamplesThanTheLimitAreRefusedNamingTheList()
    {
        var samples = string.Concat(Enumerable.Range(0, PressureScript.MaxSamples + 1).Select(i => $"{{ at = {i}s }}\n"));

        var result = PressureScript.Parse($"name = x\npressure = [\n{samples}]", "big.conf");

        Assert.Null(result.Timeline);
        var error = Assert.Single(result.Errors);
        Assert.Equal(("pressure", 2), (error.Key, error.Line));
        Assert.Contains($"has {PressureScript.MaxSamples + 1} samples; at most {PressureScript.MaxSamples}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileOverTheSizeLimitIsRefusedWithoutBeingParsed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"huge-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "pressure = [ { at = 0s } ]\n" + new string('#', (int)PressureScript.MaxFileBytes));
        try
        {
            var error = Assert.Single(PressureScript.Load(file).Errors);

            Assert.Contains("at most 4096 KB are read", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void TheLastSampleOfALongTimelineHoldsFromItsTimeOn()
    {
        var samples = string.Concat(Enumerable.Range(0, PressureScript.MaxSamples).Select(i => $"{{ at = {i}s, available-mb = {i} }}\n"));
        var timeline = PressureScript.Parse($"pressure = [\n{samples}]", "long.conf").Timeline!;

        Assert.Equal(0, timeline.At(TimeSpan.FromSeconds(0.5)).AvailableMb);
        Assert.Equal(12345, timeline.At(TimeSpan.FromSeconds(12345.9)).AvailableMb);
        Assert.Equal(PressureScript.MaxSamples - 1, timeline.At(TimeSpan.FromHours(24)).AvailableMb);
    }

    [Fact]
    public void AnUnreadableFileIsAnErrorNotAnException()
    {
        var error = Assert.Single(PressureScript.Load("/nonexistent/sanctum/p.conf").Errors);

        Assert.Contains("cannot read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScriptedPressureReplaysByElapsedTimeAndCarriesMissingKeysForward()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        ScenarioSample[] samples =
        [
            new(TimeSpan.FromSeconds(2), 20000, 1000, 1, 0),
            new(TimeSpan.FromSeconds(5), 3000, null, 3, null),
            new(TimeSpan.FromSeconds(9), null, 4096, null, 50),
        ];
        var port = new ScriptedPressure(samples, swapTotalMb: 8192, memoryMb: 65536);

        PressureSample At(double seconds) => port.Sample(start.AddSeconds(seconds)).Value!;

        // The first reading is at = 0s.

        Assert.Equal(new PressureSample(start, 65536, 0, 8192, 1, 0), At(0));
        Assert.Equal(new PressureSample(start.AddSeconds(2), 20000, 1000, 8192, 1, 0), At(2));
        Assert.Equal(new PressureSample(start.AddSeconds(4.9), 20000, 1000, 8192, 1, 0), At(4.9));
        Assert.Equal(new PressureSample(start.AddSeconds(5), 3000, 1000, 8192, 3, 0), At(5));
        Assert.Equal(new PressureSample(start.AddSeconds(100), 3000, 4096, 8192, 3, 50), At(100));
        Assert.Equal(50.0, At(100).SwapPercent);
    }

    [Fact]
    public void TheScriptStartsAtTheFirstReadingHoweverLateThatComes()
    {
        var firstReading = new DateTimeOffset(2026, 1, 1, 0, 0, 7, TimeSpan.Zero);
        var port = new ScriptedPressure([new(TimeSpan.Zero, 60000, 0, 1, 0), new(TimeSpan.FromSeconds(5), 3000, null, null, null)], 8192, 65536);

        Assert.Equal(60000, port.Sample(firstReading).Value!.AvailableMb);
        Assert.Equal(60000, port.Sample(firstReading.AddSeconds(4.9)).Value!.AvailableMb);
        Assert.Equal(3000, port.Sample(firstReading.AddSeconds(5)).Value!.AvailableMb);
    }
}
