using System.Diagnostics;
using Sanctum.Os.Linux;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Tests.Shared;

/// <summary>A <c>sleep 300</c> child this test owns; killed on dispose whatever happened.</summary>
internal sealed class SleepChild : IDisposable
{
    private readonly Process _process;

    public SleepChild()
    {
        var info = new ProcessStartInfo("sleep") { UseShellExecute = false };
        info.ArgumentList.Add("300");
        _process = Process.Start(info) ?? throw new InvalidOperationException("sleep did not start");
        Assert.True(Poll.Until(() => ReadStat() is { Comm: "sleep", State: 'S' }), "sleep never went to sleep");
    }

    public int Pid => _process.Id;

    public ProcessIdentity Identity => new(Pid, ReadStat()!.StartTimeTicks);

    public char? State => ReadStat()?.State;

    private ProcStat? ReadStat()
    {
        try
        {
            return ProcStatParser.Parse(File.ReadAllText($"/proc/{Pid}/stat")).Value;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        _process.Dispose();
    }
}

internal static class Poll
{
    /// <summary>Polls for up to five seconds; true as soon as the condition holds.</summary>
    public static bool Until(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(2);
        }

        return condition();
    }
}

/// <summary>Runs only on Linux (real signals and /proc).</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux /proc and signals";
        }
    }
}
