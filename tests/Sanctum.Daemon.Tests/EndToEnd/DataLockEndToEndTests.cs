using System.Diagnostics;
using Sanctum.Ledger;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Daemon.Tests.EndToEnd;

/// <summary>The test holds the data-folder lock as a <c>sanctum deadman</c> run does while it thaws, and starts the built daemon meanwhile; or starts two daemons on one folder.</summary>
public sealed class DataLockEndToEndTests : IDisposable
{
    private readonly Sandbox _box = new();

    public void Dispose() => _box.Dispose();

    [LinuxFact]
    public void ADaemonStartedWhileTheLockIsHeldBrieflyWaitsAndComesUp()
    {
        var dataDir = Path.Combine(_box.Dir, "data");
        var held = DataDirLock.Acquire(dataDir);

        var daemon = StartDaemon(dataDir);
        daemon.WaitUntil(() => daemon.Output.Contains("is locked", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the daemon to say it waits");
        Thread.Sleep(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("started: reading", daemon.Output, StringComparison.Ordinal);
        held.Dispose();

        daemon.WaitUntil(() => daemon.Output.Contains("started: reading", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the daemon to come up");
        Assert.False(daemon.Process.HasExited, daemon.Output);
        Assert.Null(DataDirLock.TryAcquire(dataDir));
    }

    [LinuxFact]
    public void ALockHeldLongerThanThePatienceEndsTheStartWithExit2SayingHowLongItWaited()
    {
        var dataDir = Path.Combine(_box.Dir, "data");
        using var held = DataDirLock.Acquire(dataDir);

        var started = Stopwatch.StartNew();
        var daemon = StartDaemon(dataDir);

        Assert.Equal(2, daemon.WaitForExit(TimeSpan.FromSeconds(40)));
        Assert.True(started.Elapsed >= Program.DataLockPatience, $"exited after {started.Elapsed}");
        Assert.Contains($"waited {Program.DataLockPatience.TotalSeconds:0} s: another sanctumd already owns the data folder {dataDir}", daemon.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("started: reading", daemon.Output, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void ASecondDaemonOnTheSameDataFolderIsRefusedAtOnceNamingTheFirst()
    {
        var dataDir = Path.Combine(_box.Dir, "data");
        var first = StartDaemon(dataDir);
        first.WaitUntil(() => first.Output.Contains("started: reading", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the first daemon to come up");

        var started = Stopwatch.StartNew();
        var second = StartDaemon(dataDir);

        Assert.Equal(2, second.WaitForExit(TimeSpan.FromSeconds(40)));
        Assert.True(started.Elapsed < Program.DataLockPatience, $"exited after {started.Elapsed}");
        Assert.Contains($"another sanctumd (pid {first.Process.Id}) already owns the data folder {dataDir}", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("waiting up to", second.Output, StringComparison.Ordinal);
        Assert.False(first.Process.HasExited, first.Output);
    }

    private Sandbox.Daemon StartDaemon(string dataDir)
    {
        var config = _box.Write("lock.conf", DaemonEndToEndTests.TestConfig(_box.Tag));
        var calm = _box.WriteCalmPressure();
        return _box.StartDaemon("--config", config, "--data-dir", dataDir, "--pressure-script", calm);
    }
}
