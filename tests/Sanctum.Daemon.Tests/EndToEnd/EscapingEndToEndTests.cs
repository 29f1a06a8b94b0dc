using System.Diagnostics;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>A real child whose kernel name (comm) carries a newline and an ESC: the log and the client's tables show it escaped.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class EscapingEndToEndTests : IDisposable
{
    // 15 bytes, the most comm keeps: a forged "[ERR]" line and the start of a colour sequence.
    private const string HostileName = "x\n[ERR] FAKE\x1b[m";

    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);

    private readonly Sandbox _box = new();
    private readonly List<Process> _started = [];

    public void Dispose()
    {
        foreach (var child in _started)
        {
            child.Kill();
            child.WaitForExit(5000);
            child.Dispose();
        }

        _box.Dispose();
    }

    [LinuxFact]
    public void AHostileNameIsEscapedInTheLogAndInPs()
    {
        var binary = Path.Combine(_box.Dir, HostileName);
        File.Copy("/bin/sleep", binary);
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var child = StartNamed(binary, $"{_box.Tag}-allow");
        Sandbox.WaitUntil(() => File.ReadAllText($"/proc/{child.Id}/comm") == HostileName + "\n", Soon, "the child's comm");

        var config = _box.Write("test.conf", DaemonEndToEndTests.TestConfig(_box.Tag));
        var script = _box.Write("pressure.conf", """
            pressure = [
              { at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 }
              { at = 1s, available-mb = 3000 }
            ]
            """);
        var socket = Path.Combine(_box.Dir, "s.sock");
        var dataDir = Path.Combine(_box.Dir, "data");
        var daemon = _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", script, "--armed", "--socket", socket);
        daemon.WaitUntil(() => Sandbox.StateOf(child.Id) == "T", Soon, "the freeze");
        daemon.WaitUntil(() => Log(dataDir).Contains("executing action=SIGSTOP", StringComparison.Ordinal), Soon, "the freeze to be logged");

        var ps = _box.StartClient("ps", "--socket", socket);
        Assert.True(ps.WaitForExit(TimeSpan.FromSeconds(15)) == 0, ps.Output);

        foreach (var (what, text) in new[] { ("log file", Log(dataDir)), ("console", daemon.Output), ("ps", ps.Output) })
        {
            Assert.DoesNotContain('\x1b', text);
            Assert.DoesNotContain(text.Split('\n'), l => l.TrimStart(' ', '│', '|').StartsWith("[ERR] FAKE", StringComparison.Ordinal));
            Assert.True(text.Contains(@"x\n[ERR] FAKE\e[m", StringComparison.Ordinal) || what == "ps", $"{what}:\n{text}");
        }

        Assert.Contains($@"executing action=SIGSTOP x\n[ERR] FAKE\e[m (pid {child.Id}, rss ", Log(dataDir), StringComparison.Ordinal);
        Assert.Contains(@"x\n[ERR]", ps.Output.Replace(" ", "", StringComparison.Ordinal).Replace("│", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string Log(string dataDir) =>
        string.Concat(Directory.GetFiles(Path.Combine(dataDir, "logs"), "sanctumd-*.log").Select(File.ReadAllText));

    private Process StartNamed(string binary, string argv0)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec -a \"$0\" \"$1\" 1000");
        info.ArgumentList.Add(argv0);
        info.ArgumentList.Add(binary);
        var child = Process.Start(info)!;
        _started.Add(child);
        return child;
    }
}
