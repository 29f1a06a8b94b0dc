using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Sanctum.Os;

namespace Sanctum.Daemon.Hooks;

/// <summary>How one hook ended: its exit status (null when it was killed at its timeout or did not start) and the start of what it printed.</summary>
public sealed record HookResult(string Command, int? ExitCode, bool TimedOut, string Output, long OutputDropped, TimeSpan Took, string? StartError = null)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs one hook command line with <c>/bin/sh -c</c>; the hook gets its decision through the environment only.</summary>
public static class HookCommand
{
    /// <summary>What a hook may print into the log; the rest is read and counted, so a chatty hook never blocks on a full pipe.</summary>
    public const int MaxOutputChars = 2048;

    public static async Task<HookResult> RunAsync(string command, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("did not start");
        }
        catch (Win32Exception e)
        {
            return new HookResult(command, null, false, "", 0, clock.Elapsed, e.Message);
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = new BoundedText(MaxOutputChars);
            var reads = Task.WhenAll(Drain(process.StandardOutput, output), Drain(process.StandardError, output));
            var exited = await ProcessDeadline.WaitOrKillAsync(process, timeout).ConfigureAwait(false);

            // A grandchild that kept the pipes open is not waited for.
            await Task.WhenAny(reads, Task.Delay(TimeSpan.FromMilliseconds(200))).ConfigureAwait(false);
            return new HookResult(command, exited ? process.ExitCode : null, !exited, output.Text, output.Dropped, clock.Elapsed);
        }
    }

    private static async Task Drain(StreamReader reader, BoundedText into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            into.Append(buffer.AsSpan(0, read));
        }
    }

    private sealed class BoundedText(int max)
    {
        private readonly StringBuilder _text = new();

        public long Dropped { get; private set; }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public void Append(ReadOnlySpan<char> chars)
        {
            lock (_text)
            {
                var room = Math.Max(0, max - _text.Length);
                _text.Append(chars[..Math.Min(room, chars.Length)]);
                Dropped += Math.Max(0, chars.Length - room);
            }
        }
    }
}
