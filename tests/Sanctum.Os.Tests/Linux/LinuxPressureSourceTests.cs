using Sanctum.Os.Linux;
using Xunit;

namespace Sanctum.Os.Tests.Linux;

public sealed class LinuxPressureSourceTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 5, 50, 16, TimeSpan.Zero);
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void MeminfoAndPsiMakeOneSample()
    {
        _proc.WriteFile("meminfo", Fixture.Read("linux/meminfo-32g-swapping.txt"))
            .WriteFile("pressure/memory", Fixture.Read("linux/pressure-memory-stalling.txt"));

        var sample = new LinuxPressureSource(_proc.Root).Sample(Now);

        Assert.True(sample.Ok, sample.Error?.ToString());
        var s = sample.Value!;
        Assert.Equal((Now, 1258292L / 1024, (8388604L - 251660) / 1024, 8388604L / 1024, 4, 0L),
            (s.At, s.AvailableMb, s.SwapUsedMb, s.SwapTotalMb, s.KernelLevel, s.CompressorMb));
    }

    [Fact]
    public void CalmPsiIsLevelOne()
    {
        _proc.WriteFile("meminfo", Fixture.Read("linux/meminfo-32g-swapping.txt"))
            .WriteFile("pressure/memory", Fixture.Read("linux/pressure-memory-calm.txt"));

        Assert.Equal(1, new LinuxPressureSource(_proc.Root).Sample(Now).Value!.KernelLevel);
    }

    [Fact]
    public void WithoutPsiTheLevelIsOneAndMeminfoStillCounts()
    {
        _proc.WriteFile("meminfo", Fixture.Read("linux/meminfo-32g-swapping.txt"));

        var sample = new LinuxPressureSource(_proc.Root).Sample(Now);

        Assert.True(sample.Ok, sample.Error?.ToString());
        Assert.Equal((1, 1228L), (sample.Value!.KernelLevel, sample.Value.AvailableMb));
    }

    [Theory]
    [InlineData("garbage\n", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n", MemInfoParser.Source)]
    [InlineData(null, null, MemInfoParser.Source)]
    [InlineData("meminfo", "some avg10=lots\n", PsiParser.Source)]
    public void GarbageOrMissingMeminfoAndGarbagePsiAreFailuresNotExceptions(string? meminfo, string? psi, string source)
    {
        if (meminfo is not null)
            _proc.WriteFile("meminfo", meminfo == "meminfo" ? Fixture.Read("linux/meminfo-32g-swapping.txt") : meminfo);
        if (psi is not null)
            _proc.WriteFile("pressure/memory", psi);

        var sample = new LinuxPressureSource(_proc.Root).Sample(Now);

        Assert.False(sample.Ok);
        Assert.Equal(source, sample.Error!.Source);
    }

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(9.99, 1.99, 1)]
    [InlineData(10, 0, 2)]
    [InlineData(39.99, 1.99, 2)]
    [InlineData(40, 0, 3)]
    [InlineData(10, 2, 3)]
    [InlineData(0, 2, 3)]
    [InlineData(100, 9.99, 3)]
    [InlineData(10, 10, 4)]
    [InlineData(42.17, 31.5, 4)]
    public void PsiMapsToKernelLevels(double someAvg10, double fullAvg10, int level) =>
        Assert.Equal(level, PsiKernelLevel.From(new Psi(someAvg10, 99, fullAvg10, 99)));

    [LinuxFact]
    public void TheRealProcGivesASample()
    {
        var sample = new LinuxPressureSource().Sample(Now);

        Assert.True(sample.Ok, sample.Error?.ToString());
        Assert.InRange(sample.Value!.KernelLevel, 1, 4);
        Assert.True(sample.Value.AvailableMb > 0);
    }
}
