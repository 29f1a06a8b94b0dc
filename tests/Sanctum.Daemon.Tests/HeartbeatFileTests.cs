using System.Text.Json;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Daemon.Heartbeat;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Planning;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Daemon.Tests;

/// <summary>Nothing planted in the data folder is written through, whoever the daemon runs as.</summary>
public sealed class HeartbeatFileTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("sanctum-hbfile-");

    private string HeartbeatPath => Path.Combine(_dir.FullName, Ledger.Heartbeat.FileName);

    public void Dispose() => _dir.Delete(recursive: true);

    private static HeartbeatDocument Document(string version) => HeartbeatDocument.Build(
        new ValveStatus(PressureLevel.Green, null, DryRun: true, null, [], RemedyStage.Observe), new OwnerList([]), DateTimeOffset.UtcNow, 1, version);

    [Fact]
    public void APlantedTempSymlinkNeverHasItsTargetOverwritten()
    {
        var target = Path.Combine(_dir.FullName, "precious");
        File.WriteAllText(target, "keep me");
        File.CreateSymbolicLink(HeartbeatPath + ".tmp", target);

        HeartbeatFile.Write(HeartbeatPath, Document("planted"));

        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.Null(new FileInfo(HeartbeatPath).LinkTarget);
        using var json = JsonDocument.Parse(File.ReadAllText(HeartbeatPath));
        Assert.Equal("planted", json.RootElement.GetProperty("version").GetString());
        Assert.Equal([Ledger.Heartbeat.FileName, "precious"], _dir.GetFileSystemInfos().Select(f => f.Name).Order());
    }

    [Fact]
    public void ASymlinkAtTheHeartbeatIsReplacedNotFollowed()
    {
        var target = Path.Combine(_dir.FullName, "precious");
        File.WriteAllText(target, "keep me");
        File.CreateSymbolicLink(HeartbeatPath, target);

        HeartbeatFile.Write(HeartbeatPath, Document("replaced"));

        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.Null(new FileInfo(HeartbeatPath).LinkTarget);
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void TheHeartbeatIsPrivateToTheDaemonsUser()
    {
        HeartbeatFile.Write(HeartbeatPath, Document("mode"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(HeartbeatPath));
    }
}
