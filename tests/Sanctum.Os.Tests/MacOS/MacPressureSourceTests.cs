using Sanctum.Os.MacOS;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class MacPressureSourceTests
{
    private const string Level = "/usr/sbin/sysctl -n kern.memorystatus_vm_pressure_level";
    private const string Swap = "/usr/sbin/sysctl -n vm.swapusage";
    private const string VmStat = "/usr/bin/vm_stat";
    private static readonly DateTimeOffset Now = new(2026, 4, 19, 23, 58, 0, TimeSpan.Zero);

    private static FakeRunner Panic() => new FakeRunner()
        .On(Level, "4\n")
        .On(Swap, "total = 27648.00M  used = 26843.25M  free = 804.75M  (encrypted)\n")
        .On(VmStat, Fixture.Read("macos/vm_stat-16k-apple-silicon.txt"));

    [Fact]
    public void SysctlAndVmStatMakeOneSample()
    {
        var sample = new MacPressureSource(Panic()).Sample(Now);

        Assert.True(sample.Ok, sample.Error?.ToString());
        var s = sample.Value!;
        Assert.Equal((Now, 1228L, 26843L, 27648L, 4, 20480L), (s.At, s.AvailableMb, s.SwapUsedMb, s.SwapTotalMb, s.KernelLevel, s.CompressorMb));
    }

    [Theory]
    [InlineData(Level, "many\n", 0, PressureLevelParser.Source)]
    [InlineData(Level, "", 1, Level)]
    [InlineData(Swap, "total = lots\n", 0, SwapUsageParser.Source)]
    [InlineData(VmStat, "Pages free: 1.\n", 0, VmStatParser.Source)]
    [InlineData(VmStat, "", 127, VmStat)]
    public void AnyBadReadingIsAFailureNamingItsSource(string command, string output, int exitCode, string source)
    {
        var sample = new MacPressureSource(Panic().On(command, output, exitCode)).Sample(Now);

        Assert.False(sample.Ok);
        Assert.Equal(source, sample.Error!.Source);
    }
}
