using Sanctum.Os.Linux;
using Xunit;

namespace Sanctum.Os.Tests.Linux;

public sealed class LinuxProcessTableTests : IDisposable
{
    private readonly FakeProc _proc = new();

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void ReadsEveryPidDirectoryAndSkipsTheRestWithoutThrowing()
    {
        _proc
            .Process(100, FakeProc.Stat(100, "python3", 'R', startTicks: 5000, rssPages: 2560), "/usr/bin/python3\0-m\0http.server\0")
            .Process(2, FakeProc.Stat(2, "kthreadd", rssPages: 0), "")
            .Process(42, FakeProc.Stat(42, "evil) Z 1 2", 'T', startTicks: 7), "evil\0")
            .Process(77, "77 (broken) S 1 2 3\n", "broken\0")
            .Dir("88") // exited between listing and reading: the directory is there, its files are not
            .Process(89, FakeProc.Stat(89, "gone"), null) // exited between reading stat and cmdline
            .Dir("self", FakeProc.Stat(1, "self"), "x\0")
            .Dir("sys")
            .Dir("0123", FakeProc.Stat(123, "leading-zero"), "x\0")
            .WriteFile("999", "a file, not a directory");

        var table = new LinuxProcessTable(_proc.Root).Read();

        var rows = table.Rows.OrderBy(r => r.Pid).ToArray();
        Assert.Equal([2, 42, 100], rows.Select(r => r.Pid));

        Assert.Equal("[kthreadd]", rows[0].Command);
        Assert.Equal(0, rows[0].RssKb);

        Assert.Equal("evil) Z 1 2", rows[1].Name);
        Assert.Equal("T", rows[1].State);
        Assert.True(rows[1].IsStopped);
        Assert.Equal(7, rows[1].StartTime);

        var python = rows[2];
        Assert.Equal(("python3", "/usr/bin/python3 -m http.server", "R", 5000L), (python.Name, python.Command, python.State, python.StartTime));
        Assert.Equal(2560L * Environment.SystemPageSize / 1024, python.RssKb);

        var error = Assert.Single(table.Errors);
        Assert.Contains("77", error.Source);
    }

    [Fact]
    public void TheRealUidComesFromStatusAndIsUnknownWithoutIt()
    {
        _proc
            .Process(100, FakeProc.Stat(100, "worker"), "worker\0")
            .WriteFile("100/status", "Name:\tworker\nState:\tS (sleeping)\nUid:\t65534\t65534\t65534\t65534\n")
            .Process(101, FakeProc.Stat(101, "nostatus"), "nostatus\0");

        var rows = new LinuxProcessTable(_proc.Root).Read().Rows.OrderBy(r => r.Pid).ToArray();

        Assert.Equal([65534u, null], rows.Select(r => r.Uid));
    }

    [Fact]
    public void AStatThatNamesAnotherPidIsAnError()
    {
        _proc.Process(10, FakeProc.Stat(11, "liar"), "liar\0");

        var table = new LinuxProcessTable(_proc.Root).Read();

        Assert.Empty(table.Rows);
        Assert.Contains("pid 11", Assert.Single(table.Errors).Message);
    }

    [Fact]
    public void AMissingProcRootIsOneError()
    {
        var table = new LinuxProcessTable(Path.Combine(_proc.Root, "nowhere")).Read();

        Assert.Empty(table.Rows);
        Assert.Single(table.Errors);
    }

    [Fact]
    public void CommandLinesAreCachedPerIdentityAndRefreshedOnExecRestartOrAge()
    {
        _proc.Process(50, FakeProc.Stat(50, "node", startTicks: 1), "node\0old.js\0");
        var table = new LinuxProcessTable(_proc.Root);
        Assert.Equal("node old.js", table.Read().Rows.Single().Command);

        _proc.Process(50, FakeProc.Stat(50, "node", startTicks: 1), "node\0new.js\0");
        Assert.Equal("node old.js", table.Read().Rows.Single().Command);

        _proc.Process(50, FakeProc.Stat(50, "node", startTicks: 2), "node\0new.js\0");
        Assert.Equal("node new.js", table.Read().Rows.Single().Command);

        _proc.Process(50, FakeProc.Stat(50, "python", startTicks: 2), "python\0exec.py\0");
        Assert.Equal("python exec.py", table.Read().Rows.Single().Command);

        _proc.Process(50, FakeProc.Stat(50, "python", startTicks: 2), "my-title\0");
        for (var scan = 1; scan < LinuxProcessTable.CommandRefreshScans; scan++)
            Assert.Equal("python exec.py", table.Read().Rows.Single().Command);
        Assert.Equal("my-title", table.Read().Rows.Single().Command);
    }

    [LinuxFact]
    public void TheRealProcContainsThisProcessWithItsStartTime()
    {
        var self = ProcStatParser.Parse(File.ReadAllText("/proc/self/stat")).Value!;

        var table = new LinuxProcessTable().Read();

        var row = Assert.Single(table.Rows, r => r.Pid == Environment.ProcessId);
        Assert.Equal(self.StartTimeTicks, row.StartTime);
        Assert.Equal(self.Comm, row.Name);
        Assert.True(row.RssKb > 0);
        Assert.Contains(table.Rows, r => r.Pid == 1);
    }
}
