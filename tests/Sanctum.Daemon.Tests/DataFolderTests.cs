using System.Diagnostics;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Daemon.Tests;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DataFolderTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static readonly uint Me = (uint)Cli.PeerCredentials.DaemonUid;

    private readonly string _root = Directory.CreateTempSubdirectory("sanctum-datafolder-").FullName;

    public void Dispose()
    {
        Run("umount", "-l", Path.Combine(_root, "ro"));
        Directory.Delete(_root, recursive: true);
    }

    [LinuxFact]
    public void ANewFolderIsCreatedPrivate()
    {
        var dir = Path.Combine(_root, "new", "data");

        var check = DataFolder.Prepare(dir, Me);

        Assert.Null(check.ExitCode);
        Assert.Equal(Private, File.GetUnixFileMode(dir));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(dir, "logs")));
        Assert.Empty(check.Warnings);
    }

    [LinuxFact]
    public void AFolderOfOursOthersCanWriteIsTightenedWithAWarning()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "open")).FullName;
        File.SetUnixFileMode(dir, Private | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        var check = DataFolder.Prepare(dir, Me);

        Assert.Null(check.ExitCode);
        Assert.Equal(Private | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute, File.GetUnixFileMode(dir));
        Assert.Equal($"the data folder {dir} could be written by others (mode 0777); tightened to 0755", Assert.Single(check.Warnings));
    }

    [LinuxFact]
    public void ASharedStickyFolderIsRefusedNotTightened()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "sticky")).FullName;
        var mode = Private | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute | UnixFileMode.StickyBit;
        File.SetUnixFileMode(dir, mode);

        var check = DataFolder.Prepare(dir, Me);

        Assert.Equal(Program.ConfigExitCode, check.ExitCode);
        Assert.Contains("sticky", check.Error, StringComparison.Ordinal);
        Assert.Equal(mode, File.GetUnixFileMode(dir));
    }

    [LinuxFact]
    public void AFolderOfAnotherUserIsRefused()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "theirs")).FullName;

        var check = DataFolder.Prepare(dir, Me + 1);

        Assert.Equal(Program.ConfigExitCode, check.ExitCode);
        Assert.Equal($"the data folder {dir} belongs to uid {Me}, not to the daemon's uid {Me + 1}; give it to the daemon's user or use another --data-dir", check.Error);
    }

    [LinuxFact]
    public void APlantedSymlinkWhereTheLockGoesIsRefusedAndItsTargetUntouched()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "planted")).FullName;
        var target = Path.Combine(_root, "precious");
        File.WriteAllText(target, "keep me");
        File.CreateSymbolicLink(Path.Combine(dir, Ledger.DataDirLock.FileName), target);

        var check = DataFolder.Prepare(dir, Me);

        Assert.Equal(Program.ConfigExitCode, check.ExitCode);
        Assert.Contains("is a symbolic link", check.Error, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(target));
    }

    [RootFact]
    public void AReadOnlyFolderIsSaidToBeReadOnlyWithAnExitCodeSystemdRetries()
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "ro")).FullName;
        Assert.Equal(0, Run("mount", "-t", "tmpfs", "-o", "ro,size=1m,mode=0700", "tmpfs", dir));

        var check = DataFolder.Prepare(dir, Me);

        Assert.Equal(DataFolder.ReadOnlyExitCode, check.ExitCode);
        Assert.StartsWith($"the data folder {dir} cannot be written, it is read-only", check.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("another sanctumd", check.Error, StringComparison.Ordinal);
        var unit = File.ReadAllText(Path.Combine(ServiceFilesTests.Root, "systemd", "sanctumd.service"));
        var prevented = unit.Split('\n').Single(l => l.StartsWith("RestartPreventExitStatus=", StringComparison.Ordinal))["RestartPreventExitStatus=".Length..].Split(' ');
        Assert.DoesNotContain(DataFolder.ReadOnlyExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), prevented);
    }

    private static int Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
