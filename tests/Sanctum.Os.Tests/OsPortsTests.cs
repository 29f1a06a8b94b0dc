using Sanctum.Os.Linux;
using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests;

public sealed class OsPortsTests
{
    [Fact]
    public void PicksTheAdaptersOfThisOs()
    {
        var options = new OsPortsOptions(new HashSet<int>());
        if (OperatingSystem.IsLinux())
        {
            var ports = OsPorts.ForThisHost(options);
            Assert.IsType<LinuxProcessTable>(ports.Processes);
            Assert.IsType<LinuxPressureSource>(ports.Pressure);
            Assert.IsType<LinuxSignalPort>(ports.Signals);
            Assert.IsType<SystemdServicePort>(ports.Services);
        }
        else if (OperatingSystem.IsMacOS())
        {
            var ports = OsPorts.ForThisHost(options);
            Assert.IsType<MacProcessTable>(ports.Processes);
            Assert.Contains(ports.Pressure.Reading, new[] { MacNativePressureSource.Description, MacPressureSource.Description });
            Assert.IsType<MacSignalPort>(ports.Signals);
            Assert.IsType<LaunchdServicePort>(ports.Services);
        }
        else
        {
            Assert.Throws<PlatformNotSupportedException>(() => OsPorts.ForThisHost(options));
        }
    }

    private sealed class FixedPressure(PressureSample sample) : IPressurePort
    {
        public Parsed<PressureSample> Sample(DateTimeOffset now) => Parsed<PressureSample>.Success(sample);
    }

    [Fact]
    public void MacNativeReadingsThatDisagreeAreLoggedThroughTheOptionsLog()
    {
        var runner = new FakeRunner()
            .On("/usr/sbin/sysctl -n kern.memorystatus_vm_pressure_level", "4\n")
            .On("/usr/sbin/sysctl -n vm.swapusage", "total = 28672.00M  used = 27340.50M  free = 1331.50M  (encrypted)\n")
            .On("/usr/bin/vm_stat", Fixture.Read("macos/raw/vm_stat-applesilicon-macstudio.txt"))
            .On($"/bin/ps -o lstart=,ucomm= -p {Environment.ProcessId}", "Sat Nov 28 05:50:16 2026     sanctumd\n");
        var wrongPageSize = new PressureSample(DateTimeOffset.UtcNow, 66012 / 4, 27340, 28672, 4, 9);
        var wrongOffset = new NativePidStartReader(pid => new BsdInfoRead(new BsdInfo(pid, 1, Libc.getuid(), 2, "sanctumd", 0, 1795845016), 0));
        var log = new List<string>();

        var ports = OsPorts.MacPorts(new OsPortsOptions(new HashSet<int>(), Log: log.Add), runner, new FixedPressure(wrongPageSize), wrongOffset, nativeTable: null, runner);

        Assert.IsType<MacPressureSource>(ports.Pressure);
        Assert.Equal(PsPidStartReader.Description, Assert.IsType<MacSignalPort>(ports.Signals).Reading);
        Assert.Collection(
            log,
            l => Assert.StartsWith("pressure: reading with the commands, not natively (available 16503 MB native", l, StringComparison.Ordinal),
            l => Assert.StartsWith("signals: checking identities with ps, not natively (start 0 native, 1795845016 by ps", l, StringComparison.Ordinal));
    }

    private sealed class NoTrigger : IPressureTrigger
    {
        public string Mode => "timer";

        public void WakeAfter(TimeSpan delay, Action<bool> wake)
        {
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void TheReadingNamesTheMacTableAndIdentityPathsAndLeavesOthersAsTheyWere()
    {
        var pressure = new FixedPressure(new PressureSample(DateTimeOffset.UtcNow, 1, 0, 0, 1, 0));
        var ps = new MacProcessTable(new FakeRunner());
        var mac = new HostPorts(ps, pressure, new MacSignalPort(new NativePidStartReader(_ => new BsdInfoRead(null, 3)), new HashSet<int>()), null!, null!);
        var linux = mac with { Processes = new LinuxProcessTable("/proc"), Signals = new LinuxSignalPort(new HashSet<int>()) };

        Assert.Equal($"FixedPressure; timer; table {MacProcessTable.Description}; identities {NativePidStartReader.Description}", OsPorts.Reading(mac, new NoTrigger()));
        Assert.Equal("FixedPressure; timer", OsPorts.Reading(linux, new NoTrigger()));
    }
}
