using System.ComponentModel;
using System.Diagnostics;

namespace Sanctum.Os;

/// <summary>What a command printed and how it ended; <see cref="ExitCode"/> is -1 when it did not run to completion.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    public static CommandResult NotRun(string why) => new(-1, "", why);

    public override string ToString() => $"exit {ExitCode}" + (Error.Length == 0 ? "" : $": {Error.Trim()}");
}

/// <summary>Runs one program with an argument vector (never a shell string).</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout);
}

/// <summary>Runs commands as child processes; a command that outlives its timeout is killed, and nothing waits on it longer.</summary>
/// <param name="environment">Variables set for every command over the inherited environment (the macOS adapters pin the locale).</param>
public sealed class ProcessCommandRunner(IReadOnlyDictionary<string, string>? environment = null) : ICommandRunner
{
    public async Task<CommandResult> RunAsync(string file, IReadOnlyList<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;

        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Win32Exception e)
        {
            return CommandResult.NotRun($"{file}: {e.Message}");
        }

        if (process is null)
            return CommandResult.NotRun($"{file}: did not start");
        using (process)
        {
            using var deadline = new CancellationTokenSource(timeout);
            var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var error = process.StandardError.ReadToEndAsync(deadline.Token);
            if (!await ProcessDeadline.WaitOrKillAsync(process, timeout).ConfigureAwait(false))
                return CommandResult.NotRun($"{file}: timed out after {timeout.TotalSeconds:0.#} s");

            // A child it left behind can hold the pipes open after it exits: the timeout bounds the reads too.
            try
            {
                return new CommandResult(
                    process.ExitCode,
                    await output.WaitAsync(deadline.Token).ConfigureAwait(false),
                    await error.WaitAsync(deadline.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                return CommandResult.NotRun($"{file}: exited, but its output was still open after {timeout.TotalSeconds:0.#} s");
            }
        }
    }
}

internal static class CommandRunnerExtensions
{
    /// <summary>The ports are synchronous and called from actors, which have no synchronisation context to deadlock.</summary>
    public static CommandResult Run(this ICommandRunner runner, string file, IReadOnlyList<string> args, TimeSpan timeout) =>
        runner.RunAsync(file, args, timeout).GetAwaiter().GetResult();
}
