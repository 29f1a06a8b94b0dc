using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class MacPsParserTests
{
    private const string MetalPath =
        "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/metal/current/bin/metal";

    private const string Launchd = "    1     0     0  14672 Ss   Sun Apr 19 08:00:00 2026     launchd          /sbin/launchd";

    private static readonly ParsedTable<ProcRow> Panic = MacPsParser.Parse(Fixture.Read("macos/ps-panic-2026-04-19.txt"));
    private static readonly ParsedTable<ProcRow> Hostile = MacPsParser.Parse(Fixture.Read("macos/ps-hostile.txt"));

    private static ProcRow PanicRow(int pid) => Assert.Single(Panic.Rows, r => r.Pid == pid);

    private static long Utc(int month, int day, int hour, int minute, int second) =>
        new DateTimeOffset(2026, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public void PanicTableParsesEveryRowWithItsStartTime()
    {
        Assert.Empty(Panic.Errors);
        Assert.Equal(15, Panic.Rows.Count);
        Assert.Equal(Utc(4, 19, 8, 0, 0), PanicRow(1).StartTime);
        Assert.Equal(Utc(4, 19, 19, 2, 10), PanicRow(45013).StartTime);
    }

    [Theory]
    [InlineData(1, 14672L, "Ss", "launchd", "/sbin/launchd")]
    [InlineData(412, 9216L, "Ss", "sshd", "sshd: neo@ttys001")]
    [InlineData(9221, 67392512L, "S", "sanctum-mlx", "/Users/neo/.sanctum/bin/sanctum-mlx serve --port 1337 --model mlx-community/Qwen3-32B-4bit")]
    [InlineData(23424, 3145728L, "T+", "ollama", "/opt/homebrew/bin/ollama runner --model /Users/neo/.ollama/models/blobs/sha256-6a0746a1ec1a --port 53012")]
    [InlineData(45013, 9017754L, "S", "node", "/Users/neo/.lmstudio/.internal/utils/node /Users/neo/.lmstudio/.internal/utils/llmster.js --daemon")]
    [InlineData(12001, 788480L, "R", "metal", MetalPath + " -c -x metal shader.metal -o shader.air")]
    [InlineData(1377, 4718592L, "S", "qemu-system-aarch64", "/opt/homebrew/bin/qemu-system-aarch64 -machine virt,highmem=on -accel hvf -cpu host -smp 4 -m 4096 -drive if=virtio,file=/Users/neo/vms/ubuntu-24.04.qcow2 -nographic")]
    public void PanicRowsHaveExpectedFields(int pid, long rssKb, string state, string name, string command)
    {
        var row = PanicRow(pid);
        Assert.Equal(new ProcRow(pid, row.StartTime, rssKb, state, name, command), row);
    }

    [Fact]
    public void SanctumMlxIs65813Mb()
    {
        Assert.Equal(65_813, PanicRow(9221).RssMb);
    }

    [Fact]
    public void FourMetalCompilersNear770Mb()
    {
        var metal = Panic.Rows.Where(r => r.Name == "metal").ToList();
        Assert.Equal(4, metal.Count);
        Assert.All(metal, r => Assert.InRange(r.RssMb, 765, 775));
        Assert.All(metal, r => Assert.Contains("-x metal", r.Command, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(688, "talagentd", 7372L)]
    [InlineData(1502, "com.apple.Virtualization.VirtualMachine", 1945L)]
    [InlineData(2210, "MTLCompilerService", 403L)]
    [InlineData(143, "WindowServer", 1216L)]
    public void NamesAreTheExecutablesFileName(int pid, string name, long rssMb)
    {
        var row = PanicRow(pid);
        Assert.Equal(name, row.Name);
        Assert.Equal(rssMb, row.RssMb);
    }

    [Fact]
    public void AUcommOfExactlySixteenBytesWithSpacesIsWhole()
    {
        var row = PanicRow(3318);
        Assert.Equal("LM Studio Helper", row.Name);
        Assert.Equal(
            "/Applications/LM Studio.app/Contents/Frameworks/LM Studio Helper.app/Contents/MacOS/LM Studio Helper --type=utility --utility-sub-type=node.mojom.NodeService",
            row.Command);
    }

    [Fact]
    public void StoppedRowKeepsItsFlags()
    {
        var row = PanicRow(23424);
        Assert.Equal("T+", row.State);
        Assert.True(row.IsStopped);
    }

    [Fact]
    public void HostileTableKeepsGoodRowsAndReportsEachBadLine()
    {
        Assert.Equal([501, 507, 508, 509, 510, 512, 513], Hostile.Rows.Select(r => r.Pid));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 15, 18], Hostile.Errors.Select(e => e.Line));
        Assert.All(Hostile.Errors, e => Assert.Equal(MacPsParser.Source, e.Source));
        Assert.All(Hostile.Errors, e => Assert.NotNull(e.Text));
    }

    [Fact]
    public void AUtf8NameIsSixteenBytesNotSixteenCharacters()
    {
        var row = Hostile.Rows[0];
        Assert.Equal("Café Ünïcode", row.Name);
        Assert.Equal("/Applications/Café Ünïcode.app/Contents/MacOS/Café Ünïcode --lang=日本語", row.Command);
    }

    [Fact]
    public void ANameWiderThanItsColumnPushesTheCommandRight()
    {
        var row = Assert.Single(Hostile.Rows, r => r.Pid == 512);
        Assert.Equal(("CafM-CM-) M-CM-^\\nM-CM-/code", "/usr/bin/x"), (row.Name, row.Command));
    }

    [Fact]
    public void AQuestionMarkStateIsARowWithAnUnknownState()
    {
        var row = Assert.Single(Hostile.Rows, r => r.Pid == 509);
        Assert.Equal(("?", "kernel_task", "(kernel_task)"), (row.State, row.Name, row.Command));
        Assert.False(row.IsRunning);
        Assert.False(row.IsStopped);
    }

    [Fact]
    public void ARewrittenArgvZeroKeepsTheKernelsNameAndTheWholeCommand()
    {
        var row = Assert.Single(Hostile.Rows, r => r.Pid == 510);
        Assert.Equal(("postgres", "postgres: checkpointer"), (row.Name, row.Command));
    }

    [Fact]
    public void ZombieAndEmptyCommandsParse()
    {
        Assert.Equal(("zombie", "(zombie)"), Hostile.Rows.Where(r => r.Pid == 507).Select(r => (r.Name, r.Command)).Single());
        Assert.Equal(("solo", ""), Hostile.Rows.Where(r => r.Pid == 513).Select(r => (r.Name, r.Command)).Single());
    }

    [Fact]
    public void AnotherLocalesLstartIsRejectedNamingTheLocale()
    {
        var error = Assert.Single(Hostile.Errors, e => e.Line == 15);
        Assert.StartsWith("lstart: expected the C locale's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRealUidColumnGivesTheRowItsUid()
    {
        var table = MacPsParser.Parse("  507     1     0   501   2048 Ss   Sun Apr 19 08:00:00 2026     sudo             sudo -s");

        var row = Assert.Single(table.Rows);
        Assert.Empty(table.Errors);
        Assert.Equal((507, 2048L, "Ss", "sudo", "sudo -s", (uint?)501), (row.Pid, row.RssKb, row.State, row.Name, row.Command, row.Uid));
    }

    [Fact]
    public void ACaptureWithoutTheRealUidColumnStillParsesWithNoUid()
    {
        Assert.All(Panic.Rows, r => Assert.Null(r.Uid));
        Assert.Equal(9216L, PanicRow(412).RssKb);
    }

    [Theory]
    [InlineData("  507     1     0    -5   2048 S    Sun Apr 19 08:00:00 2026     true             /usr/bin/true", "ruid: not a non-negative integer: '-5'")]
    [InlineData("  507     1     0 4294967296   2048 S    Sun Apr 19 08:00:00 2026     true             /usr/bin/true", "ruid: out of range: '4294967296'")]
    [InlineData("  507     1     0   501   2048", "truncated: expected pid, ppid, uid, rss, state, lstart, ucomm and command")]
    public void ABadRealUidNamesTheProblem(string line, string message)
    {
        var table = MacPsParser.Parse(line);

        Assert.Empty(table.Rows);
        Assert.Equal(message, Assert.Single(table.Errors).Message);
    }

    [Theory]
    [InlineData("  502     1   501    abc S    Sun Apr 19 08:00:00 2026     true             /usr/bin/true", "rss: not a non-negative integer: 'abc'")]
    [InlineData("  503     1   501   2048", "truncated: expected pid, ppid, uid, rss, state, lstart, ucomm and command")]
    [InlineData("  503     x   501   2048 S    Sun Apr 19 08:00:00 2026     true             /usr/bin/true", "ppid: not a non-negative integer: 'x'")]
    [InlineData("  503     1    -1   2048 S    Sun Apr 19 08:00:00 2026     true             /usr/bin/true", "uid: not a non-negative integer: '-1'")]
    [InlineData("99999999999     1   501   2048 S    Sun Apr 19 08:00:00 2026     yes              /usr/bin/yes", "pid: number out of range: '99999999999'")]
    [InlineData("  ٣٤     1   501   2048 S    Sun Apr 19 08:00:00 2026     yes              /usr/bin/yes", "pid: not a non-negative integer: '٣٤'")]
    [InlineData("  505     1   501   2048 S    Sun Apr 19 08:0", "truncated: missing lstart")]
    [InlineData("  505     1   501   2048 S    Sun Apr 19 08:00:00 2026     yes", "truncated: missing ucomm or command")]
    [InlineData("  505     1   501   2048 S    Sun Apr 19 08:00:00 2026 x   yes              /usr/bin/yes", "lstart: expected the C locale's 'Sat Nov 28 05:50:16 2026' (LC_ALL=C): 'Sun Apr 19 08:00:00 2026'")]
    public void BadLinesNameTheProblem(string line, string message)
    {
        var table = MacPsParser.Parse(Launchd + "\n" + line);

        Assert.Single(table.Rows);
        var error = Assert.Single(table.Errors);
        Assert.Equal(new ParseError(MacPsParser.Source, 2, message, line), error);
    }

    [Fact]
    public void CrlfInputParsesLikeLf()
    {
        var lf = Fixture.Read("macos/ps-panic-2026-04-19.txt");
        var crlf = MacPsParser.Parse(lf.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Empty(crlf.Errors);
        Assert.Equal(Panic.Rows, crlf.Rows);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    [InlineData("\r\n\r\n")]
    [InlineData("   \n\t\n")]
    public void BlankInputIsAnEmptyTable(string text)
    {
        var table = MacPsParser.Parse(text);
        Assert.Empty(table.Rows);
        Assert.Empty(table.Errors);
    }

    [Theory]
    [InlineData("qemu-system-aarc", "/opt/homebrew/bin/qemu-system-aarch64 -M virt", "qemu-system-aarch64")]
    [InlineData("com.apple.Virtua", "/S/com.apple.Virtualization.VirtualMachine.xpc/Contents/MacOS/com.apple.Virtualization.VirtualMachine", "com.apple.Virtualization.VirtualMachine")]
    [InlineData("LM Studio Helper", "/A/LM Studio Helper.app/Contents/MacOS/LM Studio Helper --type=utility", "LM Studio Helper")]
    [InlineData("qemu-system-aarc", "qemu: rewritten title", "qemu-system-aarc")]
    [InlineData("postgres", "/usr/local/bin/postgres-wrapper", "postgres")]
    public void ACutNameIsCompletedFromTheCommandLine(string ucomm, string command, string name)
    {
        Assert.Equal(name, MacPsParser.FullName(ucomm, command));
    }
}
