using Sanctum.Os.MacOS;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class IdentityCrossCheckTests
{
    private const long Start = 1795845016; // Sat Nov 28 05:50:16 2026 UTC
    private const string PsSays = "Sat Nov 28 05:50:16 2026     sanctumd\n";

    private static readonly int Self = Environment.ProcessId;
    private static readonly uint Uid = Libc.getuid();

    private static BsdInfoRead Read(int? pid = null, uint? uid = null, long start = Start, string comm = "sanctumd", long micros = 250_000, uint status = 2) =>
        new(new BsdInfo(pid ?? Self, 1, uid ?? Uid, status, comm, start, micros), 0);

    private static string Ps(int pid) => $"/bin/ps -o lstart=,ucomm= -p {pid}";

    [Fact]
    public void PsPrintsTheStartAndTheKernelName() =>
        Assert.Equal((Start, "LM Studio Helper"), IdentityCrossCheck.ParsePs("Sat Nov 28 05:50:16 2026    LM Studio Helper\n"));

    public static TheoryData<BsdInfoRead, bool, string> Cases => new()
    {
        { Read(), true, "agree" },
        { Read(start: Start + 1), false, $"start {Start + 1} native, {Start} by ps" },
        { Read(start: 250_000, micros: Start), false, "start 250000 native" }, // seconds and microseconds swapped
        { Read(pid: 0), false, $"pid 0 native, asked {Self}" },
        { Read(uid: Uid + 1), false, "by getuid" },
        { Read(comm: "sanct"), false, "name 'sanct' native, 'sanctumd' by ps" },
        { Read(status: 0x4004), false, "status 16388 out of range" }, // pbi_flags read as the status
        { new BsdInfoRead(null, 1, "failed, errno 1"), false, "failed, errno 1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void NativeIsUsedOnlyWhenItAgreesWithPsExactly(BsdInfoRead native, bool useNative, string why)
    {
        var verdict = IdentityCrossCheck.Decide(Self, Uid, native, IdentityCrossCheck.ParsePs(PsSays));

        Assert.Equal(useNative, verdict.UseNative);
        Assert.Contains(why, verdict.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAgreeingNativeReaderIsKeptAndNothingIsLogged()
    {
        var native = new NativePidStartReader(_ => Read());
        var log = new List<string>();

        Assert.Same(native, IdentityCrossCheck.Choose(native, new FakeRunner().On(Ps(Self), PsSays), log.Add));
        Assert.Empty(log);
    }

    [Fact]
    public void ADisagreementIsLoggedWithBothAndPsChecksEverySignal()
    {
        var runner = new FakeRunner().On(Ps(Self), PsSays);
        var log = new List<string>();

        var chosen = IdentityCrossCheck.Choose(new NativePidStartReader(_ => Read(start: 250_000, micros: Start)), runner, log.Add);

        Assert.IsType<PsPidStartReader>(chosen);
        var line = Assert.Single(log);
        Assert.StartsWith("signals: checking identities with ps, not natively (start 250000 native", line, StringComparison.Ordinal);
        Assert.Contains("ps: Sat Nov 28 05:50:16 2026     sanctumd", line, StringComparison.Ordinal);
    }

    [Fact]
    public void WhenPsCannotBeReadTheNativeReaderIsCheckedOnWhatItCanAndSaysSo()
    {
        var native = new NativePidStartReader(_ => Read());
        var log = new List<string>();

        Assert.Same(native, IdentityCrossCheck.Choose(native, new FakeRunner(), log.Add));
        Assert.Contains("ps could not be read", Assert.Single(log), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutLibSystemPsChecksEverySignal()
    {
        if (OperatingSystem.IsMacOS())
            return;
        var log = new List<string>();

        var chosen = IdentityCrossCheck.Choose(new NativePidStartReader(), new FakeRunner().On(Ps(Self), PsSays), log.Add);

        Assert.IsType<PsPidStartReader>(chosen);
        Assert.Contains("native read of pid", Assert.Single(log), StringComparison.Ordinal);
    }
}
