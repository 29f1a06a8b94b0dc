using Sanctum.Os.Linux;
using Sanctum.Os.MacOS;
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
}
