using System.Text;
using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Os.Tests.MacOS;

public sealed class MacNativeProcessTableTests
{
    private static readonly IReadOnlyList<ProcRow> PsRows = MacPsParser.Parse(Fixture.Read("macos/ps-panic-2026-04-19.txt")).Rows;

    /// <summary>The kernel's 16-byte <c>p_comm</c> for a name.</summary>
    private static string Comm(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        return Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 16));
    }

    /// <summary>What the kernel would answer for the processes of the ps fixture, with <paramref name="change"/> applied.</summary>
    private static MacNativeProcessTable Kernel(IReadOnlyList<ProcRow> rows, Func<TaskAllInfo, TaskAllInfo>? change = null)
    {
        var byPid = rows.ToDictionary(r => r.Pid);
        return new MacNativeProcessTable(
            () => [.. byPid.Keys, 99999],
            pid => byPid.TryGetValue(pid, out var r)
                ? (change ?? (i => i))(new TaskAllInfo(new BsdInfo(r.Pid, 1, 501, 3, Comm(r.Name), r.StartTime, 10), r.RssKb * 1024))
                : null,
            pid => byPid.TryGetValue(pid, out var r) ? new ProcArgs("/exec/path", r.Command.Split(' ')) : null);
    }

    [Fact]
    public void TheNativeTableHasThePsTablesNamesCommandLinesStartsAndSizes()
    {
        var native = Kernel(PsRows).Read();

        Assert.Empty(native.Errors);
        Assert.Equal(
            PsRows.Select(r => (r.Pid, r.Name, r.Command, r.StartTime, r.RssKb)),
            native.Rows.Select(r => (r.Pid, r.Name, r.Command, r.StartTime, r.RssKb)));
        Assert.Contains(native.Rows, r => r.Name == "qemu-system-aarch64"); // completed from the command line as ps's is
        Assert.True(TableCrossCheck.Decide(native.Rows, PsRows).UseNative);
    }

    [Fact]
    public void AProcessWhoseArgumentsCannotBeReadIsShownByNameInParentheses()
    {
        var table = new MacNativeProcessTable(() => [412], _ => new TaskAllInfo(new BsdInfo(412, 1, 0, 4, "sshd", 1776589242, 0), 9216 * 1024), _ => null).Read();

        Assert.Equal(new ProcRow(412, 1776589242, 9216, "T", "sshd", "(sshd)"), Assert.Single(table.Rows));
    }

    [Fact]
    public void TheRowCarriesTheRealUidForTheThawOwnUserRule()
    {
        var setuid = new BsdInfo(412, 1, 0, 3, "sudo", 1776589242, 0, Ruid: 501);

        var table = new MacNativeProcessTable(() => [412], _ => new TaskAllInfo(setuid, 9216 * 1024), _ => null).Read();

        Assert.Equal(501u, Assert.Single(table.Rows).Uid);
    }

    [Fact]
    public void ARealUidTheTwoTablesDisagreeOnFailsTheCrossCheck()
    {
        var ps = new[] { new ProcRow(412, 1776589242, 9216, "S", "sudo", "sudo -s") { Uid = 501 } };
        var wrongOffset = new[] { ps[0] with { Uid = 20 } };

        var verdict = TableCrossCheck.Decide(wrongOffset, ps);

        Assert.False(verdict.UseNative);
        Assert.Contains("0 same real uid", verdict.Why, StringComparison.Ordinal);
        Assert.True(TableCrossCheck.Decide(ps, ps).UseNative);
    }

    [Theory]
    [InlineData(1u, "I")]
    [InlineData(2u, "R")]
    [InlineData(3u, "S")]
    [InlineData(4u, "T")]
    [InlineData(5u, "Z")]
    [InlineData(0x4004u, "?")]
    public void StatesAreTheLettersPsPrints(uint status, string state) => Assert.Equal(state, MacNativeProcessTable.State(status));

    public static TheoryData<string, string> Disagreements => new()
    {
        { "pages", "2 resident size within tolerance" }, // bytes taken for 16 KiB pages: only sshd and launchd stay within 16 MiB
        { "micros", "0 of 15 ps pids natively with the same start" }, // microseconds read as seconds
        { "missing", "13 of 15 ps pids" }, // another user's processes refused (not root)
        { "names", "0 same name" }, // pbi_name read for pbi_comm, or garbage
    };

    [Theory]
    [MemberData(nameof(Disagreements))]
    public void AWrongLayoutOrMissingProcessesFailTheCrossCheck(string mutation, string why)
    {
        var native = mutation switch
        {
            "pages" => Kernel(PsRows, i => i with { ResidentBytes = i.ResidentBytes / 16384 }),
            "micros" => Kernel(PsRows, i => i with { Bsd = i.Bsd with { StartSeconds = i.Bsd.StartMicroseconds } }),
            "missing" => Kernel([.. PsRows.Skip(2)]),
            _ => Kernel(PsRows, i => i with { Bsd = i.Bsd with { Comm = "?" } }),
        };

        var verdict = TableCrossCheck.Decide(native.Read().Rows, PsRows);

        Assert.False(verdict.UseNative);
        Assert.Contains(why, verdict.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void AFewProcessesComingAndGoingBetweenTheReadsStillAgree()
    {
        var many = Enumerable.Range(0, 10).SelectMany(k => PsRows.Select(r => r with { Pid = r.Pid + (k * 100_000) })).ToArray(); // 150 rows
        var native = Kernel([.. many.Skip(5)], i => i with { ResidentBytes = i.ResidentBytes + (8L << 20) }).Read().Rows;

        var verdict = TableCrossCheck.Decide([.. native, new ProcRow(77777, 1, 1, "R", "new", "new")], many);

        Assert.True(verdict.UseNative, verdict.Why);
        Assert.StartsWith("145 of 150 ps pids", verdict.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void ChoosingLogsADisagreementAndReadsWithPs()
    {
        var runner = new FakeRunner().On(MacProcessTableTests.Ps, Fixture.Read("macos/ps-panic-2026-04-19.txt"));
        var ps = new MacProcessTable(runner);
        var log = new List<string>();

        var chosen = TableCrossCheck.Choose(Kernel(PsRows, i => i with { ResidentBytes = i.ResidentBytes / 16384 }), ps, log.Add);

        Assert.Same(ps, chosen);
        Assert.StartsWith("process table: reading with ps, not natively (15 of 15 ps pids", Assert.Single(log), StringComparison.Ordinal);
    }

    [Fact]
    public void ChoosingKeepsAnAgreeingNativeTableQuietly()
    {
        var runner = new FakeRunner().On(MacProcessTableTests.Ps, Fixture.Read("macos/ps-panic-2026-04-19.txt"));
        var native = Kernel(PsRows);
        var log = new List<string>();

        Assert.Same(native, TableCrossCheck.Choose(native, new MacProcessTable(runner), log.Add));
        Assert.Empty(log);
    }

    [Fact]
    public void WithoutLibSystemTheTableIsReadWithPs()
    {
        if (OperatingSystem.IsMacOS())
            return;
        var ps = new MacProcessTable(new FakeRunner());
        var log = new List<string>();

        Assert.Same(ps, TableCrossCheck.Choose(new MacNativeProcessTable(), ps, log.Add));
        Assert.Contains("native read failed", Assert.Single(log), StringComparison.Ordinal);
    }
}
