using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Xunit;
using static Sanctum.Policy.Tests.Policy.Rows;

namespace Sanctum.Policy.Tests.Policy;

public sealed class PickerTests
{
    private static readonly PickerPolicy Policy = Defaults.PickerPolicy();

    [Fact]
    public void PicksSanctumMlxAsWorstCandidate()
    {
        var pick = Picker.PickWorst(PanicTable, Policy);

        Assert.NotNull(pick);
        Assert.Equal(9221, pick.Row.Pid);
        Assert.Equal(65_813, pick.Row.RssMb);
        Assert.Equal("sanctum-mlx", pick.Entry.Name);
    }

    [Fact]
    public void WithoutSanctumMlxThePickerFindsTheLmstudioShim()
    {
        var table = PanicTable.Where(r => r.Name != "sanctum-mlx").Append(LmStudioShim()).ToArray();

        var pick = Picker.PickWorst(table, Policy);

        Assert.NotNull(pick);
        Assert.Equal(45013, pick.Row.Pid);
        Assert.Equal("LM Studio node shim", pick.Entry.Name);
    }

    [Fact]
    public void HugeSshdIsNeverPicked() =>
        Assert.Null(Picker.PickWorst([Row(22, "sshd", 100_000, "S", "/usr/sbin/sshd -D")], Policy));

    [Fact]
    public void HugeWindowserverIsNeverPicked() =>
        Assert.Null(Picker.PickWorst([Row(88, "WindowServer", 100_000, "S", "WindowServer -daemon")], Policy));

    [Fact]
    public void LegitimateLoadBurstUnderFloorIsIgnoredByPicker()
    {
        // The 2026-04-20 load burst: a ~14 GB transient of sanctum-mlx under its 20 GB stop floor.
        var burst = Row(788, "sanctum-mlx", 14_000, "R", "python -m sanctum_mlx.server");

        Assert.Null(Picker.PickWorst([burst], Policy));
    }

    [Fact]
    public void AlreadyStoppedCandidateIsSkipped()
    {
        var frozen = LmStudioShim(pid: 23424, rssMb: 9_630, state: "T");
        var running = Row(4410, "qemu-system-aarch64", 4_608, "S", "qemu-system-aarch64 -m 4096");

        var pick = Picker.PickWorst([frozen, running], Policy);

        Assert.NotNull(pick);
        Assert.Equal(4410, pick.Row.Pid);
    }

    [Fact]
    public void NoRunningCandidatesReturnsNone()
    {
        Assert.Null(Picker.PickWorst([LmStudioShim(state: "T"), Row(9221, "sanctum-mlx", 65_813, "T+")], Policy));
    }

    [Theory]
    [InlineData("T", true)]
    [InlineData("T+", true)]
    [InlineData("TN", true)]
    [InlineData("S", false)]
    [InlineData("R+", false)]
    [InlineData("", false)]
    public void StoppedIsTheFirstCharacterOfTheState(string state, bool stopped) =>
        Assert.Equal(stopped, LmStudioShim(state: state).IsStopped);

    [Fact]
    public void MetalPatternNeverMatchesMtlCompilerService()
    {
        var service = PanicTable.Single(r => r.Name == "MTLCompilerService");
        var leaked = PanicTable.First(r => r.Name == "metal");

        Assert.Null(Picker.MatchEntry(service, Policy));
        Assert.Equal("metal-shader-compiler", Picker.MatchEntry(leaked, Policy)?.Name);
    }

    [Fact]
    public void SshdWhoseCommandLineSaysSanctumMlxIsDenied()
    {
        var renamed = Row(22, "sshd", 100_000, "S", "/usr/sbin/sshd -D sanctum-mlx");

        Assert.True(Picker.IsDenied(renamed, Policy));
        Assert.Null(Picker.PickWorst([renamed], Policy));
    }

    [Fact]
    public void RenamedBinaryWithDenylistedCommandIsDenied()
    {
        // A bug renames sshd's binary to "sanctum-mlx": the command line still says sshd.
        var renamed = Row(22, "sanctum-mlx", 100_000, "S", "sshd: neo@ttys001");

        Assert.Null(Picker.PickWorst([renamed], Policy));
    }

    [Fact]
    public void ABadRegexDoesNotStopThePicker()
    {
        var valve = Defaults.Valve;
        var allowlist = valve.Allowlist.Prepend(new AllowlistEntry("broken", "([unclosed", StopPolicy.KillAllowed, 1, 1)).ToArray();

        var policy = PickerPolicy.Compile(allowlist, valve.Denylist, [], []);

        var warning = Assert.Single(policy.Warnings);
        Assert.Contains("allowlist regex compile failed", warning);
        Assert.Contains("broken", warning);
        Assert.Equal(valve.Allowlist.Count, policy.Allowlist.Count);
        Assert.Equal(9221, Picker.PickWorst(PanicTable, policy)?.Row.Pid);
    }

    [Fact]
    public void FirstMatchingEntryWins()
    {
        var allowlist = new[]
        {
            new AllowlistEntry("specific", "qemu-system-aarch64", StopPolicy.SigstopOnly, 100),
            new AllowlistEntry("generic", "qemu", StopPolicy.KillAllowed, 100, 200),
        };
        var policy = PickerPolicy.Compile(allowlist, [], [], []);

        Assert.Equal("specific", Picker.MatchEntry(Row(1000, "qemu-system-aarch64", 500), policy)?.Name);
        Assert.Equal("generic", Picker.MatchEntry(Row(1001, "qemu-img", 500), policy)?.Name);
    }

    [Fact]
    public void CriticalsAreRankedAfterEveryNonCritical()
    {
        // qemu is a sentinel critical; the much smaller ollama still goes first.
        var qemu = Row(4410, "qemu-system-aarch64", 30_000, "S", "qemu-system-aarch64 -m 30000");
        var ollama = Row(5000, "ollama", 2_500, "S", "ollama serve");

        var ranked = Picker.Rank([qemu, ollama], Defaults.PickerPolicyWithCriticals());

        Assert.Equal([5000, 4410], ranked.Select(c => c.Row.Pid));
        Assert.False(ranked[0].IsCritical);
        Assert.True(ranked[1].IsCritical);
    }

    [Fact]
    public void WithTheSentinelsCriticalsEveryNonCriticalGoesBeforeSanctumMlx()
    {
        var ranked = Picker.Rank(Rows.PanicTable, Defaults.PickerPolicyWithCriticals());

        Assert.Equal(
            [4470, 31004, 31002, 31001, 31003, 9221, 4410],
            ranked.Select(c => c.Row.Pid));
        Assert.Equal([false, false, false, false, false, true, true], ranked.Select(c => c.IsCritical));
    }

    [Fact]
    public void DockDoesNotDenyDockerButDoesDenyTheDock()
    {
        var docker = Row(7001, "com.docker.virtualization", 6_000, "S", "/Applications/Docker.app/Contents/MacOS/com.docker.virtualization --kernel x");
        var dock = Row(501, "Dock", 6_000, "S", "/System/Library/CoreServices/Dock.app/Contents/MacOS/Dock");

        Assert.False(Picker.IsDenied(docker, Policy));
        Assert.Equal("docker-vz", Picker.PickWorst([docker], Policy)?.Entry.Name);
        Assert.True(Picker.IsDenied(dock, Policy));
    }

    [Fact]
    public void ProtectedPidsAreNeverCandidates()
    {
        var policy = PickerPolicy.Compile(Defaults.Valve.Allowlist, [], [], protectedPids: [4242]);

        Assert.Null(Picker.PickWorst([Row(4242, "sanctum-mlx", 65_000), Row(1, "sanctum-mlx", 65_000)], policy));
    }

    [Fact]
    public void HighestRssWinsAmongEligible()
    {
        var pick = Picker.PickWorst([Row(1, "x", 1), Row(300, "ollama", 2_100), Row(301, "ollama", 2_900)], Policy);

        Assert.Equal(301, pick?.Row.Pid);
    }

    [Fact]
    public void DenialNamesTheDenylistEntryOrTheProtectedPid()
    {
        var policy = Defaults.PickerPolicy() with { ProtectedPids = new HashSet<int> { 77 } };

        Assert.Equal("denylist \"sanctumd\"", Picker.DenialOf(Row(45013, "node", 8_600, "S", "/home/neo/sanctumd/.lmstudio/node"), policy));
        Assert.Equal("protected pid 77", Picker.DenialOf(Row(77, "node", 8_600, "S", "/home/neo/.lmstudio/node"), policy));
        Assert.Null(Picker.DenialOf(Row(45014, "node", 8_600, "S", "/home/neo/.lmstudio/node"), policy));
    }

    [Fact]
    public void OnlyARunningAllowlistedRowAboveItsFloorCountsAsADeniedCandidate()
    {
        var policy = Defaults.PickerPolicy();

        Assert.NotNull(Picker.ClassifyDenied(Row(1, "node", 8_600, "S", "/x/sanctumd/.lmstudio/node"), policy));
        Assert.Null(Picker.ClassifyDenied(Row(2, "node", 100, "S", "/x/sanctumd/.lmstudio/node"), policy));
        Assert.Null(Picker.ClassifyDenied(Row(3, "node", 8_600, "T", "/x/sanctumd/.lmstudio/node"), policy));
        Assert.Null(Picker.ClassifyDenied(Row(4, "sanctumd", 8_600, "S", "sanctumd"), policy));
    }
}
