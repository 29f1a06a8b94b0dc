using System.Text.Json;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Daemon.Heartbeat;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Effectiveness;
using Sanctum.Policy.Planning;
using Xunit;

namespace Sanctum.Daemon.Tests;

public sealed class HeartbeatDocumentTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

    [Fact]
    public void HasTheDocumentedFields()
    {
        var status = new ValveStatus(
            PressureLevel.Orange,
            new PressureSample(Now, 3000, 1024, 8192, 2, 7),
            DryRun: false,
            new LastAction(Now.AddSeconds(-5), "SIGSTOP node (pid 42)", "applied"),
            [new ActiveSkip("com.sanctum.memory-vault", 1700)],
            RemedyStage.Observe,
            new ValveProgress(12, Now.AddSeconds(-4)));
        var frozenRow = new ProcRow(42, 1234, 4096 * 1024, "T", "node", "node server.js");
        var runningRow = new ProcRow(43, 99, 1024, "S", "bash", "bash");
        var lease = new FreezeLease(Requester.Valve, "ORANGE: worst allowlisted", Now.AddSeconds(-5), Now.AddMinutes(30), false);
        var traits = new OwnerTraits(null, false, true);
        var owners = new OwnerList([new OwnerSnapshot(frozenRow, traits, lease, null, 1), new OwnerSnapshot(runningRow, traits, null, null, 0)]);

        using var json = JsonDocument.Parse(HeartbeatDocument.Build(status, owners, Now, 777, "1.2.3", tick: TimeSpan.FromSeconds(5)).ToJson());
        var root = json.RootElement;

        Assert.Equal(
            ["version", "pid", "time", "machine_level", "armed", "dry_run", "last_action", "frozen", "ineffective_targets", "signals", "persistence", "progress"],
            root.EnumerateObject().Select(p => p.Name));
        var progress = root.GetProperty("progress");
        Assert.Equal(["state", "readings", "last_reading_at", "stall_after_seconds"], progress.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("progressing", 12, "2026-03-04T03:06:03Z", 15.0), (progress.GetProperty("state").GetString(), progress.GetProperty("readings").GetInt64(), progress.GetProperty("last_reading_at").GetString(), progress.GetProperty("stall_after_seconds").GetDouble()));
        Assert.Equal("1.2.3", root.GetProperty("version").GetString());
        Assert.Equal(777, root.GetProperty("pid").GetInt32());
        Assert.Equal("2026-03-04T03:06:07Z", root.GetProperty("time").GetString());
        Assert.Equal("ORANGE", root.GetProperty("machine_level").GetString());
        Assert.True(root.GetProperty("armed").GetBoolean());
        Assert.False(root.GetProperty("dry_run").GetBoolean());
        Assert.Equal("applied", root.GetProperty("last_action").GetProperty("outcome").GetString());
        Assert.Equal("SIGSTOP node (pid 42)", root.GetProperty("last_action").GetProperty("what").GetString());

        var frozen = Assert.Single(root.GetProperty("frozen").EnumerateArray());
        Assert.Equal(["pid", "start", "name", "by", "reason", "since", "lease_until"], frozen.EnumerateObject().Select(p => p.Name));
        Assert.Equal(42, frozen.GetProperty("pid").GetInt32());
        Assert.Equal(1234, frozen.GetProperty("start").GetInt64());
        Assert.Equal("valve", frozen.GetProperty("by").GetString());
        Assert.Equal("2026-03-04T03:36:07Z", frozen.GetProperty("lease_until").GetString());

        var skip = Assert.Single(root.GetProperty("ineffective_targets").EnumerateArray());
        Assert.Equal("com.sanctum.memory-vault", skip.GetProperty("target").GetString());
        Assert.Equal(1700, skip.GetProperty("secs_remaining").GetInt64());

        var signals = root.GetProperty("signals");
        Assert.Equal(
            ["available_mb", "swap_used_mb", "swap_total_mb", "swap_percent", "kernel_level", "compressor_mb"],
            signals.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3000, signals.GetProperty("available_mb").GetInt64());
        Assert.Equal(12.5, signals.GetProperty("swap_percent").GetDouble());
        Assert.Equal(2, signals.GetProperty("kernel_level").GetInt32());
    }

    [Fact]
    public void BeforeTheFirstSampleTheOptionalPartsAreNullAndListsEmpty()
    {
        var status = new ValveStatus(PressureLevel.Green, null, DryRun: true, null, [], RemedyStage.Observe);

        using var json = JsonDocument.Parse(HeartbeatDocument.Build(status, new OwnerList([]), Now, 1, "v").ToJson());
        var root = json.RootElement;

        Assert.False(root.GetProperty("armed").GetBoolean());
        Assert.True(root.GetProperty("dry_run").GetBoolean());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("last_action").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("signals").ValueKind);
        Assert.Equal(0, root.GetProperty("frozen").GetArrayLength());
        Assert.Equal(0, root.GetProperty("ineffective_targets").GetArrayLength());
    }

    [Fact]
    public void TheFileIsReplacedWhole()
    {
        var dir = Directory.CreateTempSubdirectory("sanctum-hb-");
        try
        {
            var path = Path.Combine(dir.FullName, Ledger.Heartbeat.FileName);
            var status = new ValveStatus(PressureLevel.Green, null, DryRun: true, null, [], RemedyStage.Observe);
            HeartbeatFile.Write(path, HeartbeatDocument.Build(status, new OwnerList([]), Now, 1, "first"));
            HeartbeatFile.Write(path, HeartbeatDocument.Build(status, new OwnerList([]), Now, 2, "second"));

            using var json = JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal("second", json.RootElement.GetProperty("version").GetString());
            Assert.Equal([Ledger.Heartbeat.FileName], dir.GetFiles().Select(f => f.Name));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
