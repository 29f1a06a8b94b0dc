using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class PressureCrossCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 19, 23, 58, 0, TimeSpan.Zero);

    private static PressureSample Sample(long available = 66012, long swapUsed = 27340, long swapTotal = 28672, int level = 4, long compressor = 9) =>
        new(Now, available, swapUsed, swapTotal, level, compressor);

    public static TheoryData<PressureSample?, PressureSample?, bool, string> Cases => new()
    {
        { Sample(), Sample(), true, "agree" },
        { Sample(available: 66012 + 6000), Sample(), true, "agree" }, // within 10 %
        { Sample(available: 66012 / 4), Sample(), false, "available 16503 MB native, 66012 MB by the commands" }, // a 4 KiB page size on Apple silicon
        { Sample(compressor: 9 + 256), Sample(), true, "agree" }, // within 256 MB
        { Sample(compressor: 9 + 257), Sample(), false, "compressor 266 MB native" },
        { Sample(swapUsed: 27340L << 20), Sample(), false, "swap used" }, // bytes read as MiB
        { Sample(level: 1), Sample(), false, "kernel level 1 native, 4 by sysctl" },
        { null, Sample(), false, "native reading failed: boom" },
        { Sample(), null, true, "unchecked" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void NativeIsUsedOnlyWhenItAgreesWithTheCommands(PressureSample? native, PressureSample? commands, bool useNative, string why)
    {
        var verdict = PressureCrossCheck.Decide(native, native is null ? "boom" : null, commands);

        Assert.Equal(useNative, verdict.UseNative);
        Assert.Contains(why, verdict.Why, StringComparison.Ordinal);
    }

    private const string Level = "/usr/sbin/sysctl -n kern.memorystatus_vm_pressure_level";
    private const string Swap = "/usr/sbin/sysctl -n vm.swapusage";
    private const string VmStat = "/usr/bin/vm_stat";

    private static FakeRunner Commands() => new FakeRunner()
        .On(Level, "4\n")
        .On(Swap, "total = 28672.00M  used = 27340.50M  free = 1331.50M  (encrypted)\n")
        .On(VmStat, Fixture.Read("macos/raw/vm_stat-applesilicon-macstudio.txt"));

    private sealed class FixedPressure(Parsed<PressureSample> sample) : IPressurePort
    {
        public Parsed<PressureSample> Sample(DateTimeOffset now) => sample;
    }

    [Fact]
    public void AgreeingNativeReadingIsKeptAndNothingIsLogged()
    {
        var native = new FixedPressure(Parsed<PressureSample>.Success(Sample()));
        var log = new List<string>();

        Assert.Same(native, OsPorts.ChoosePressure(native, Commands(), log.Add));
        Assert.Empty(log);
    }

    [Fact]
    public void DisagreeingNativeReadingIsLoggedWithBothAndTheCommandsAreUsed()
    {
        var log = new List<string>();

        var chosen = OsPorts.ChoosePressure(new FixedPressure(Parsed<PressureSample>.Success(Sample(available: 1000))), Commands(), log.Add);

        Assert.IsType<MacPressureSource>(chosen);
        Assert.StartsWith(MacPressureSource.Description + "; native not used: available 1000 MB native", chosen.Reading, StringComparison.Ordinal);
        var line = Assert.Single(log);
        Assert.Contains("native: available 1000 MB", line, StringComparison.Ordinal);
        Assert.Contains("commands: available 66012 MB", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutLibSystemTheCommandsAreUsed()
    {
        if (OperatingSystem.IsMacOS())
            return;
        var log = new List<string>();

        var chosen = OsPorts.ChoosePressure(new MacNativePressureSource(), Commands(), log.Add);

        Assert.IsType<MacPressureSource>(chosen);
        Assert.Contains("native reading failed", Assert.Single(log), StringComparison.Ordinal);
    }
}
