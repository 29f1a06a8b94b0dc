using System.Text;
using Xunit;

namespace Sanctum.Os.Tests;

/// <summary>Reads files from the Fixtures folder copied next to the test assembly.</summary>
internal static class Fixture
{
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));
}

/// <summary>A test that needs a real Linux kernel (procfs, pidfd, signals); skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "Linux only: needs a real /proc, pidfd and POSIX signals";
    }
}

/// <summary>A throwaway procfs-shaped directory tree.</summary>
internal sealed class FakeProc : IDisposable
{
    public FakeProc() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "sanctum-fakeproc-" + Guid.NewGuid().ToString("N"));

    /// <summary>A complete 52-field stat line as the kernel writes it.</summary>
    public static string Stat(int pid, string comm, char state = 'S', int ppid = 1, long startTicks = 1000, long rssPages = 100)
    {
        var fields = new string[50];
        Array.Fill(fields, "0");
        fields[0] = state.ToString();
        fields[1] = ppid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields[19] = startTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields[21] = rssPages.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{pid} ({comm}) {string.Join(' ', fields)}\n";
    }

    public FakeProc Process(int pid, string stat, string? cmdline) => Dir(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), stat, cmdline);

    public FakeProc Dir(string name, string? stat = null, string? cmdline = null)
    {
        var dir = Path.Combine(Root, name);
        Directory.CreateDirectory(dir);
        if (stat is not null)
            File.WriteAllText(Path.Combine(dir, "stat"), stat);
        if (cmdline is not null)
            File.WriteAllBytes(Path.Combine(dir, "cmdline"), Encoding.UTF8.GetBytes(cmdline));
        return this;
    }

    public FakeProc WriteFile(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

/// <summary>Answers commands from a script and records what was run.</summary>
internal sealed class FakeRunner : ICommandRunner
{
    private readonly Dictionary<string, CommandResult> _answers = new(StringComparer.Ordinal);

    public List<string> Calls { get; } = [];

    public FakeRunner On(string commandLine, string output, int exitCode = 0, string error = "")
    {
        _answers[commandLine] = new CommandResult(exitCode, output, error);
        return this;
    }

    public Task<CommandResult> RunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var line = string.Join(' ', [file, .. args]);
        Calls.Add(line);
        return Task.FromResult(_answers.TryGetValue(line, out var answer) ? answer : CommandResult.NotRun("unexpected command: " + line));
    }
}
