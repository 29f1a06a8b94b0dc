using System.Globalization;
using Sanctum.Os.MacOS;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

/// <summary>Every sample of what real Macs print (Fixtures/macos/raw, see SOURCES.md) parses to what a person reads in it.</summary>
public sealed class RealOutputTests
{
    [Theory]
    [InlineData("vm_stat-applesilicon-macstudio.txt", 16384L, 2453686L, 1706518L, 35181L, 321922L, 66012L, 9L)]
    [InlineData("vm_stat-intel-wazuh-22113.txt", 4096L, 6127229L, 628646L, 430715L, 715958L, 28118L, 0L)]
    [InlineData("vm_stat-macos27-beta-wiredline.txt", 16384L, 2453686L, 1706518L, 35181L, 213049L, 66012L, 9L)]
    public void VmStat(string file, long pageSize, long free, long inactive, long speculative, long wired, long availableMb, long compressorMb)
    {
        var parsed = VmStatParser.Parse(Fixture.Read("macos/raw/" + file));

        var vm = Assert.IsType<VmStat>(parsed.Value, exactMatch: false);
        Assert.Equal((pageSize, free, inactive, speculative, wired), (vm.PageSizeBytes, vm.FreePages, vm.InactivePages, vm.SpeculativePages, vm.WiredPages));
        Assert.Equal((availableMb, compressorMb), (vm.AvailableMb, vm.CompressorMb));
    }

    [Theory]
    [InlineData("swap-sysctl-vm-partial.txt", 2048L, 1017L, 1030L)]
    [InlineData("swap-unencrypted-doc.txt", 2048L, 605L, 1442L)]
    [InlineData("swap-n-french-locale.txt", 0L, 0L, 0L)]
    [InlineData("swap-n-source-format-unencrypted.txt", 0L, 0L, 0L)]
    public void SwapUsage(string file, long total, long used, long free)
    {
        var parsed = SwapUsageParser.Parse(Fixture.Read("macos/raw/" + file));

        Assert.True(parsed.Ok, parsed.Error?.ToString());
        Assert.Equal(new SwapUsage(total, used, free), parsed.Value);
    }

    [Fact]
    public void CommaDecimalsFromAHandMadeCaptureAreRead()
    {
        var parsed = SwapUsageParser.Parse("vm.swapusage: total = 2048,00M  used = 1017,50M  free = 1030,50M  (encrypted)\n");

        Assert.Equal(new SwapUsage(2048, 1017, 1030), parsed.Value);
    }

    [Theory]
    [InlineData("pressure-named-calm.txt", 1)]
    [InlineData("pressure-n-critical.txt", 4)]
    public void PressureLevel(string file, int level) =>
        Assert.Equal(level, PressureLevelParser.Parse(Fixture.Read("macos/raw/" + file)).Value);

    [Fact]
    public void LstartInTheCLocale()
    {
        var starts = Fixture.Read("macos/raw/ps-lstart-table.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => PsStartTimeParser.ParseLstart(line.AsSpan(6)))
            .ToArray();

        var may5 = DateTimeOffset.Parse("2025-05-05T15:14:23Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        Assert.Equal([may5, may5, 0L], starts);
    }

    [Fact]
    public void LstartInAnotherLocaleIsNotRead() =>
        Assert.Null(PsStartTimeParser.ParseLstart(Fixture.Read("macos/raw/ps-lstart-ja-locale-fragment.txt").AsSpan(6)));

    [Theory]
    [InlineData("launchctl-print-running-pid-wrapped.txt", true, 658)]
    [InlineData("launchctl-print-tahoe-running-head.txt", true, null)]
    [InlineData("launchctl-print-tahoe-spawn-scheduled.txt", false, null)]
    [InlineData("launchctl-print-ventura-icloudhelper-notrunning.txt", false, null)]
    public void LaunchctlPrint(string file, bool running, int? pid) =>
        Assert.Equal(new ServiceStatus(running, pid), LaunchdServicePort.ParsePrint(Fixture.Read("macos/raw/" + file)));

    [Theory]
    [InlineData("ps-derived-openitcockpit.txt", 110, "UserEventAgent", "/usr/libexec/UserEventAgent (System)")]
    [InlineData("ps-derived-openitcockpit.txt", 114, "fseventsd", "/System/Library/Frameworks/CoreServices.framework/Versions/A/Frameworks/FSEvents.framework/Versions/A/Support/fseventsd")]
    [InlineData("ps-derived-vscode-js-debug.txt", 380, "cfprefsd", "/usr/sbin/cfprefsd agent")]
    [InlineData("ps-derived-vscode-js-debug.txt", 387, "CommCenter", "/System/Library/Frameworks/CoreTelephony.framework/Support/CommCenter -L")]
    [InlineData("ps-derived-vscode-12144.txt", 63704, "Electron", "/Applications/Visual Studio Code - Insiders.app/Contents/MacOS/Electron -psn_0_12991587")]
    [InlineData("ps-derived-vscode-12144.txt", 64122, "Code - Insiders", null)]
    public void PsRowsHaveTheNamesAPersonKnows(string file, int pid, string name, string? command)
    {
        var table = MacPsParser.Parse(Fixture.Read("macos/" + file));

        Assert.Empty(table.Errors);
        var row = Assert.Single(table.Rows, r => r.Pid == pid);
        Assert.Equal(name, row.Name);
        if (command is not null)
            Assert.Equal(command, row.Command);
        else
            Assert.EndsWith("--channel=63704.3.1497268199", row.Command, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ps-real-openitcockpit.txt")]
    [InlineData("ps-real-vscode-js-debug.txt")]
    [InlineData("ps-reconstructed-vscode-12144.txt")]
    [InlineData("ps-reconstructed-panic-as-real-ps.txt")]
    public void TheOldLayoutIsRejectedLineByLineNotMisread(string file)
    {
        var text = Fixture.Read("macos/raw/" + file);
        var table = MacPsParser.Parse(text);

        Assert.Empty(table.Rows);
        Assert.Equal(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, table.Errors.Count);
    }

    [Fact]
    public void TheExampleCaptureHasTheNamesAPersonKnows()
    {
        var table = MacPsParser.Parse(Fixture.Read("macos/capture-example/ps.txt"));

        Assert.Empty(table.Errors);
        Assert.Equal(
            ["launchd", "WindowServer", "LM Studio Helper", "python3.12", "node", "qemu-system-aarch64", "Electron"],
            table.Rows.Select(r => r.Name));
    }

    [Fact]
    public void AnArgumentEndingInABraceDoesNotHideThePid()
    {
        const string print = "gui/501/com.example.agent = {\n\tactive count = 1\n\targuments = {\n\t\t/bin/sh\n\t\t-c\n\t\techo {\n\t}\n\n\tstate = running\n\tpid = 4242\n\tendpoints = {\n\t\t\"x\" = {\n\t\t\tpid = 7\n\t\t}\n\t}\n}\n";

        Assert.Equal(new ServiceStatus(true, 4242), LaunchdServicePort.ParsePrint(print));
    }

    [Fact]
    public void APastedPrintIndentedWithSpacesIsRead() =>
        Assert.Equal(new ServiceStatus(true, 658), LaunchdServicePort.ParsePrint(
            Fixture.Read("macos/raw/launchctl-print-running-pid-wrapped.txt").Replace("\t", "    ", StringComparison.Ordinal)));
}
