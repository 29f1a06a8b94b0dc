using System.Text.Json;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Cli.Tests;

/// <summary><c>sanctum doctor</c> as a black box: captures made from every macOS fixture, the example capture, and this Linux host.</summary>
public sealed class DoctorCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sanctum-doctor-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Fixture(string path) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "macos", path));

    private static async Task<JsonElement> DoctorJsonAsync(params string[] args)
    {
        var run = await BuiltClient.RunAsync(["doctor", "--json", .. args]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout).RootElement;
    }

    private string MacCapture(string vmStat, string sysctl, string ps)
    {
        var dir = Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "os"), "macos\n");
        File.WriteAllText(Path.Combine(dir, "vm_stat.txt"), vmStat);
        File.WriteAllText(Path.Combine(dir, "sysctl.txt"), sysctl);
        File.WriteAllText(Path.Combine(dir, "ps.txt"), ps);
        return dir;
    }

    private static JsonElement Process(JsonElement report, int pid) =>
        report.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("pid").GetInt32() == pid);

    [Fact]
    public async Task TheExampleCaptureShowsTheNamesAndPressureAPersonExpects()
    {
        var report = await DoctorJsonAsync("--from", Path.Combine(AppContext.BaseDirectory, "Fixtures", "macos", "capture-example"));

        Assert.Equal(("macos", "capture"), (report.GetProperty("os").GetString(), report.GetProperty("source").GetString()));
        var pressure = report.GetProperty("pressure");
        Assert.Equal(
            (66012L, 27340L, 28672L, 4, 9L, "RED"),
            (pressure.GetProperty("available_mb").GetInt64(), pressure.GetProperty("swap_used_mb").GetInt64(), pressure.GetProperty("swap_total_mb").GetInt64(),
             pressure.GetProperty("kernel_level").GetInt32(), pressure.GetProperty("compressor_mb").GetInt64(), pressure.GetProperty("level").GetString()));
        Assert.Equal(
            ["launchd", "WindowServer", "LM Studio Helper", "python3.12", "node", "qemu-system-aarch64", "Electron"],
            report.GetProperty("processes").EnumerateArray().OrderBy(p => p.GetProperty("pid").GetInt32()).Select(p => p.GetProperty("name").GetString()));
        Assert.Empty(report.GetProperty("errors").EnumerateArray());

        Assert.Equal(("denied", "protected pid 1"), (Process(report, 1).GetProperty("verdict").GetString(), Process(report, 1).GetProperty("reason").GetString()));
        Assert.Equal(("denied", "denylist \"WindowServer\""), (Process(report, 143).GetProperty("verdict").GetString(), Process(report, 143).GetProperty("reason").GetString()));
        Assert.Equal("ignored", Process(report, 63704).GetProperty("verdict").GetString());
        var first = report.GetProperty("processes")[0];
        Assert.Equal("candidate", first.GetProperty("verdict").GetString());
        Assert.NotNull(first.GetProperty("entry").GetString());
        Assert.Contains("stop at", first.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task TheTableSaysTheSameForAPerson()
    {
        var run = await BuiltClient.RunAsync("doctor", "--from", Path.Combine(AppContext.BaseDirectory, "Fixtures", "macos", "capture-example"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pressure RED: available 66012 MB, swap 27340/28672 MB, kernel level 4", run.Stdout);
        Assert.Contains("LM Studio Helper", run.Stdout);
    }

    public static TheoryData<string, string, string, string, long, long, string> FixtureCaptures => new()
    {
        { "raw/vm_stat-intel-wazuh-22113.txt", "raw/swap-unencrypted-doc.txt", "raw/pressure-named-calm.txt", "ps-derived-openitcockpit.txt", 28118, 605, "GREEN" },
        { "raw/vm_stat-applesilicon-macstudio.txt", "raw/swap-sysctl-vm-partial.txt", "raw/pressure-n-critical.txt", "ps-derived-vscode-js-debug.txt", 66012, 1017, "RED" },
        { "raw/vm_stat-macos27-beta-wiredline.txt", "raw/swap-n-french-locale.txt", "raw/pressure-named-calm.txt", "ps-derived-vscode-12144.txt", 66012, 0, "GREEN" },
        { "vm_stat-16k-apple-silicon.txt", "raw/swap-n-source-format-unencrypted.txt", "raw/pressure-n-critical.txt", "ps-panic-2026-04-19.txt", 1228, 0, "RED" },
    };

    [Theory]
    [MemberData(nameof(FixtureCaptures))]
    public async Task EveryFixtureMakesACaptureTheDoctorReads(string vmStat, string swap, string level, string ps, long availableMb, long swapUsedMb, string pressureLevel)
    {
        var sysctl = Prefixed("vm.swapusage", Fixture(swap)) + Prefixed("kern.memorystatus_vm_pressure_level", Fixture(level)) + "hw.pagesize: 16384\n";

        var report = await DoctorJsonAsync("--from", MacCapture(Fixture(vmStat), sysctl, Fixture(ps)));

        var pressure = report.GetProperty("pressure");
        Assert.Equal((availableMb, swapUsedMb, pressureLevel), (pressure.GetProperty("available_mb").GetInt64(), pressure.GetProperty("swap_used_mb").GetInt64(), pressure.GetProperty("level").GetString()));
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        var rows = Fixture(ps).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        Assert.Equal(rows, report.GetProperty("processes").GetArrayLength());
        Assert.All(report.GetProperty("processes").EnumerateArray(), p => Assert.DoesNotContain("/", p.GetProperty("name").GetString()));
    }

    /// <summary>The <c>-n</c> samples carry no key; in a capture sysctl prints <c>key: value</c>.</summary>
    private static string Prefixed(string key, string text) => text.StartsWith(key, StringComparison.Ordinal) ? text : $"{key}: {text}";

    [Fact]
    public async Task ThePanicCaptureRanksAndJudgesEveryRow()
    {
        var sysctl = "vm.swapusage: total = 27648.00M  used = 26843.25M  free = 804.75M  (encrypted)\nkern.memorystatus_vm_pressure_level: 4\n";

        var report = await DoctorJsonAsync("--from", MacCapture(Fixture("vm_stat-16k-apple-silicon.txt"), sysctl, Fixture("ps-panic-2026-04-19.txt")));

        Assert.Equal("ignored", Process(report, 23424).GetProperty("verdict").GetString());
        Assert.Equal("stopped", Process(report, 23424).GetProperty("reason").GetString());
        Assert.Equal(("denied", "denylist \"WindowServer\""), (Process(report, 143).GetProperty("verdict").GetString(), Process(report, 143).GetProperty("reason").GetString()));
        Assert.Equal("sshd: neo@ttys001", Process(report, 412).GetProperty("command").GetString());
        var verdicts = report.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("verdict").GetString()).ToArray();
        var lastCandidate = Array.FindLastIndex(verdicts, v => v is "candidate" or "critical");
        Assert.All(verdicts[..(lastCandidate + 1)], v => Assert.Contains(v, new[] { "candidate", "critical" }));
    }

    [Fact]
    public async Task BadInputsAreReportedLineByLineAndTheRestIsRead()
    {
        var ps = Fixture("ps-panic-2026-04-19.txt") + "\0\u0001\u00ff garbage\n" + Fixture("raw/ps-lstart-ja-locale-fragment.txt") + Fixture("ps-hostile.txt")[..200];
        var sysctl = Prefixed("vm.swapusage", Fixture("raw/swap-n-french-locale.txt")) + "kern.memorystatus_vm_pressure_level: quatre\n";

        var report = await DoctorJsonAsync("--from", MacCapture(Fixture("raw/vm_stat-macos27-beta-wiredline.txt"), sysctl, ps));

        Assert.Equal(JsonValueKind.Null, report.GetProperty("pressure").ValueKind);
        Assert.Equal(16, report.GetProperty("processes").GetArrayLength());
        var errors = report.GetProperty("errors").EnumerateArray().ToArray();
        Assert.Contains(errors, e => e.GetProperty("source").GetString() == "ps" && e.GetProperty("line").GetInt32() == 16);
        Assert.Contains(errors, e => e.GetProperty("source").GetString() == "ps" && e.GetProperty("line").GetInt32() == 17 && e.GetProperty("text").GetString()!.Contains("8/20", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.GetProperty("source").GetString() == "kern.memorystatus_vm_pressure_level");
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("windows", "'windows' is not macos or linux")]
    public async Task AFolderWithoutAKnownOsIsExit2(string? os, string message)
    {
        if (os is not null)
            File.WriteAllText(Path.Combine(_dir.FullName, "os"), os);

        var run = await BuiltClient.RunAsync("doctor", "--from", _dir.FullName);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Stderr);
    }

    [Fact]
    public async Task MissingInputsAreNamed()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "os"), "macos\n");
        File.WriteAllText(Path.Combine(_dir.FullName, "vm_stat.txt"), Fixture("raw/vm_stat-intel-wazuh-22113.txt"));

        var run = await BuiltClient.RunAsync("doctor", "--from", _dir.FullName);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing sysctl.txt, ps.txt", run.Stderr);
    }

    [LinuxFact]
    public async Task LiveOnLinuxReadsProcAndSeesThisTest()
    {
        var report = await DoctorJsonAsync();

        Assert.Equal(("linux", "live"), (report.GetProperty("os").GetString(), report.GetProperty("source").GetString()));
        Assert.True(report.GetProperty("pressure").GetProperty("available_mb").GetInt64() > 0);
        Assert.Contains(report.GetProperty("processes").EnumerateArray(), p => p.GetProperty("pid").GetInt32() == Environment.ProcessId);
    }

    [LinuxFact]
    public async Task ALinuxCaptureReadsBackTheSameTable()
    {
        var dir = Path.Combine(_dir.FullName, "capture");
        var live = await DoctorJsonAsync("--capture", dir);

        var back = await DoctorJsonAsync("--from", dir);

        Assert.Equal("linux\n", File.ReadAllText(Path.Combine(dir, "os")));
        Assert.True(File.Exists(Path.Combine(dir, "proc", "meminfo")));
        Assert.Equal("capture", back.GetProperty("source").GetString());
        Assert.Equal(live.GetProperty("pressure").GetProperty("available_mb").GetInt64(), back.GetProperty("pressure").GetProperty("available_mb").GetInt64());
        Assert.Equal(Pids(live), Pids(back));
    }

    private static int[] Pids(JsonElement report) =>
        report.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("pid").GetInt32()).Order().ToArray();
}
