using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Sanctum.Tests.Shared.EndToEnd;

/// <summary>
/// A temp folder, the processes a test started (and only those), and the built <c>sanctumd.dll</c>. Disposing
/// kills every process still running and removes the folder, also when the test failed.
/// </summary>
public sealed class Sandbox : IDisposable
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    private readonly List<Process> _started = [];

    public Sandbox()
    {
        Dir = Directory.CreateTempSubdirectory("sanctum-e2e-").FullName;
        Tag = $"sanctum-e2e-{Guid.NewGuid():N}";
    }

    /// <summary>rwxr-xr-x: another user may enter and read, not write.</summary>
    public const UnixFileMode WorldReadableFolder =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public string Dir { get; }

    /// <summary>Unique to this sandbox: children are named with it so the daemon's lists match nothing else.</summary>
    public string Tag { get; }

    public static string DaemonDll { get; } = FindBuilt("src/Sanctum.Daemon", "sanctumd.dll");

    public static string ClientDll { get; } = FindBuilt("src/Sanctum.Cli", "sanctum.dll");

    /// <summary>The apphost of tests/Sanctum.MemoryHog, built first through a project reference.</summary>
    public static string HogPath { get; } = FindBuilt("tests/Sanctum.MemoryHog", "sanctum-memhog");

    /// <summary>A pressure script that stays GREEN with plenty available: for tests about anything but pressure.</summary>
    public string WriteCalmPressure() => Write("calm.conf", "pressure = [ { at = 0s, available-mb = 60000, swap-used-mb = 0, kernel-level = 1 } ]\n");

    public string Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A <c>sleep</c> whose command line reads <paramref name="name"/> (spaces and all), so the policy can match it.</summary>
    public int StartChild(string name)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("exec -a \"$0\" sleep 1000");
        info.ArgumentList.Add(name);
        var child = Track(Process.Start(info)!);
        WaitUntil(() => CommandLineOf(child.Id).StartsWith(name, StringComparison.Ordinal), TimeSpan.FromSeconds(5), $"{name} to start");
        return child.Id;
    }

    /// <summary>
    /// A real allocating child (tests/Sanctum.MemoryHog) whose command line starts with <paramref name="name"/>:
    /// it touches <paramref name="rateMb"/> MB a second up to <paramref name="capMb"/> (at most 1 GB), then holds it.
    /// </summary>
    public int StartHog(string name, int rateMb, int capMb)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec -a {name} {HogPath} --rate {rateMb} --cap {capMb} --hold");
        var child = Track(Process.Start(info)!);
        WaitUntil(() => CommandLineOf(child.Id).StartsWith(name, StringComparison.Ordinal), TimeSpan.FromSeconds(5), $"{name} to start");
        return child.Id;
    }

    /// <summary>VmRSS of <paramref name="pid"/> in MB, or 0 when it is gone.</summary>
    public static long RssMbOf(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>MemAvailable from /proc/meminfo, in MB.</summary>
    public static long MemAvailableMb() =>
        long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemAvailable:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;

    public Daemon StartDaemon(params string[] args) => Start(DaemonDll, args);

    /// <summary>The daemon with <paramref name="environment"/> set over the inherited one (e.g. a PATH with a fake notifier first).</summary>
    public Daemon StartDaemon(IReadOnlyDictionary<string, string> environment, params string[] args) => Start(DaemonDll, args, environment);

    /// <summary>The built <c>sanctum</c> client, e.g. <c>deadman</c>.</summary>
    public Daemon StartClient(params string[] args) => Start(ClientDll, args);

    private Daemon Start(string dll, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var variable in new[] { "PRESSURE_VALVE_TICK", "PRESSURE_VALVE_DEBOUNCE", "PRESSURE_VALVE_COOLDOWN", "PRESSURE_VALVE_DRY_RUN" })
        {
            info.Environment.Remove(variable);
        }

        // The default client socket then lies in this sandbox, never in the user's runtime folder.
        info.Environment["XDG_RUNTIME_DIR"] = Dir;

        // Nor do its desktop notifications reach the session of the person running the tests.
        info.Environment.Remove("DBUS_SESSION_BUS_ADDRESS");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Daemon(process, output);
    }

    /// <summary>The state letter of <c>/proc/&lt;pid&gt;/stat</c> (S, R, T, …), or "gone".</summary>
    public static string StateOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
        }
        catch (IOException)
        {
            return "gone";
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> ends (then fails naming <paramref name="what"/>).</summary>
    public static void WaitUntil(Func<bool> condition, TimeSpan timeout, string what, Action? eachPoll = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            eachPoll?.Invoke();
            if (condition())
            {
                return;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0}s waiting for {what}");
            }

            Thread.Sleep(50);
        }
    }

    public static void Terminate(Process process) => _ = kill(process.Id, SigTerm);

    /// <summary>A crash: no shutdown hook, no thaw on stop.</summary>
    public static void Crash(Process process)
    {
        _ = kill(process.Id, SigKill);
        process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        foreach (var process in _started)
        {
            if (!process.HasExited)
            {
                _ = kill(process.Id, SigKill);
                process.WaitForExit(5000);
            }

            process.Dispose();
        }

        Directory.Delete(Dir, recursive: true);
    }

    private Process Track(Process process)
    {
        _started.Add(process);
        return process;
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>&lt;project&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;file&gt; under the repository root, built first through a project reference.</summary>
    private static string FindBuilt(string project, string dll)
    {
        var configuration = typeof(Sandbox).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SanctumActors.sln")))
            {
                return Path.Combine(dir.FullName, project, "bin", configuration, "net10.0", dll);
            }
        }

        throw new FileNotFoundException("SanctumActors.sln not found above " + AppContext.BaseDirectory);
    }

    [DllImport("libc")]
    private static extern int kill(int pid, int sig);

    public sealed class Daemon(Process process, StringBuilder output)
    {
        public Process Process => process;

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        /// <summary><see cref="Sandbox.WaitUntil"/> whose failure carries this daemon's output, to show why.</summary>
        public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what, Action? eachPoll = null)
        {
            try
            {
                Sandbox.WaitUntil(condition, timeout, what, eachPoll);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}; output:\n{Output}", e);
            }
        }

        public int WaitForExit(TimeSpan timeout)
        {
            if (!process.WaitForExit(timeout))
            {
                throw new TimeoutException($"sanctumd did not exit within {timeout.TotalSeconds:0}s; output:\n{Output}");
            }

            process.WaitForExit();
            return process.ExitCode;
        }
    }
}
