using Sanctum.Os.MacOS;
using Sanctum.Policy.Domain;
using Sanctum.Ports;
using Xunit;

namespace Sanctum.Os.Tests.Parsing;

public sealed class MacPsParserTests
{
    private const string MetalPath =
        "/Applications/Xcode.app/Contents/Developer/Toolchains/XcodeDefault.xctoolchain/usr/metal/current/bin/metal";

    private static readonly ParsedTable<ProcRow> Panic = MacPsParser.Parse(Fixture.Read("macos/ps-panic-2026-04-19.txt"));

    private static ProcRow PanicRow(int pid) => Assert.Single(Panic.Rows, r => r.Pid == pid);

    [Fact]
    public void PanicTableParsesEveryRow()
    {
        Assert.Empty(Panic.Errors);
        Assert.Equal(15, Panic.Rows.Count);
        Assert.All(Panic.Rows, r => Assert.Equal(0, r.StartTime));
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
        Assert.Equal(new ProcRow(pid, 0, rssKb, state, name, command), row);
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
    public void NamesAreTheLastPathSegment(int pid, string name, long rssMb)
    {
        var row = PanicRow(pid);
        Assert.Equal(name, row.Name);
        Assert.Equal(rssMb, row.RssMb);
    }

    [Fact]
    public void CommWithSpacesIsSplitFromCommand()
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
        var table = MacPsParser.Parse(Fixture.Read("macos/ps-hostile.txt"));

        Assert.Equal([501, 507, 508], table.Rows.Select(r => r.Pid));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9], table.Errors.Select(e => e.Line));
        Assert.All(table.Errors, e => Assert.Equal(MacPsParser.Source, e.Source));
        Assert.All(table.Errors, e => Assert.NotNull(e.Text));
    }

    [Fact]
    public void UnicodeCommWithSpaces()
    {
        var table = MacPsParser.Parse(Fixture.Read("macos/ps-hostile.txt"));
        var row = table.Rows[0];
        Assert.Equal("Café Ünïcode", row.Name);
        Assert.Equal("/Applications/Café Ünïcode.app/Contents/MacOS/Café Ünïcode --lang=日本語", row.Command);
    }

    [Fact]
    public void CommWithoutCommandGivesEmptyCommand()
    {
        var table = MacPsParser.Parse(Fixture.Read("macos/ps-hostile.txt"));
        Assert.Equal(new ProcRow(507, 0, 4096, "Z", "(zombie)", ""), table.Rows[1]);
    }

    [Theory]
    [InlineData("  502 abc S    /usr/bin/true /usr/bin/true", "rss: not a non-negative integer: 'abc'")]
    [InlineData("  503  2048", "truncated: expected pid, rss, state, comm and command")]
    [InlineData("  504 99999999999999999999 S    /usr/bin/yes /usr/bin/yes", "rss: number out of range: '99999999999999999999'")]
    [InlineData("99999999999 2048 S    /usr/bin/yes /usr/bin/yes", "pid: number out of range: '99999999999'")]
    [InlineData("  -7  2048 S    /usr/bin/yes /usr/bin/yes", "pid: not a non-negative integer: '-7'")]
    [InlineData("  ٣٤  2048 S    /usr/bin/yes /usr/bin/yes", "pid: not a non-negative integer: '٣٤'")]
    [InlineData("  505  2048 S", "truncated: missing comm")]
    [InlineData("  506  4096 /usr/libexec/oldshape /usr/libexec/oldshape", "state: not a process state: '/usr/libexec/oldshape'")]
    public void BadLinesNameTheProblem(string line, string message)
    {
        var table = MacPsParser.Parse("    1  14672 Ss   /sbin/launchd    /sbin/launchd\n" + line);

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
    [InlineData("/sbin/launchd /sbin/launchd", "/sbin/launchd", "/sbin/launchd")]
    [InlineData("/a b/c d /a b/c d --x", "/a b/c d", "/a b/c d --x")]
    [InlineData("/usr/sbin/sshd sshd: neo@ttys001", "/usr/sbin/sshd", "sshd: neo@ttys001")]
    [InlineData("/a b/c d (c d)", "/a", "b/c d (c d)")]
    [InlineData("/bin/x\t\t/bin/x\t-v", "/bin/x", "/bin/x\t-v")]
    [InlineData("/bin/xy /bin/x -v", "/bin/xy", "/bin/x -v")]
    [InlineData("/bin/x /bin/xy", "/bin/x", "/bin/xy")]
    [InlineData("solo", "solo", "")]
    public void CommIsTheShortestPrefixTheCommandRepeats(string remainder, string comm, string command)
    {
        Assert.Equal((comm, command), MacPsParser.SplitCommCommand(remainder));
    }

    [Theory]
    [InlineData("/usr/bin/yes", "yes")]
    [InlineData("yes", "yes")]
    [InlineData("/Applications/LM Studio.app/Contents/MacOS/LM Studio Helper", "LM Studio Helper")]
    [InlineData("/weird/dir/", "/weird/dir/")]
    [InlineData("com.apple.Virtualization.VirtualMachine", "com.apple.Virtualization.VirtualMachine")]
    public void LastPathSegment(string path, string name)
    {
        Assert.Equal(name, MacPsParser.LastPathSegment(path));
    }
}
