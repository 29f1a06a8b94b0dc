using Akka.Configuration;
using Sanctum.Configuration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Xunit;

namespace Sanctum.Ledger.Tests;

internal static class Fixtures
{
    public static readonly PersistenceOptions Sqlite = new("SQLite.MS", "");

    public static SanctumOptions Defaults { get; } =
        SanctumConfigLoader.Load(null, new Dictionary<string, string?>()).Options ?? throw new InvalidOperationException("defaults do not load");

    public static string NewDataDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sanctum-ledger-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A bare-system config on a fresh SQLite ledger in <paramref name="dir"/>.</summary>
    public static Config SqliteConfig(string dir)
    {
        var db = LedgerSetup.Prepare(Sqlite, dir);
        Assert.True(db.Usable, db.Problem);
        return LedgerSetup.Hocon(db);
    }

    /// <summary>In-memory journal and snapshots, with the ledger's serializer.</summary>
    public static Config InMemoryConfig() => LedgerSetup.Hocon(new LedgerDatabase("none", "", "tests run in memory"));

    public static LedgerSettings Settings(int snapshotEvery = 1000, int maxPending = 50_000) =>
        new(snapshotEvery, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), maxPending, null);

    public static SignalDecision Signalled(DateTimeOffset at, ProcessIdentity target, Signal signal, Requester by = Requester.Valve, Outcome outcome = Outcome.Applied, string name = "worker") =>
        new(at, target, name, 5_000, signal, by, outcome, $"{by.ToWire()} test", PressureLevel.Orange, signal == Signal.Stop ? at + TimeSpan.FromMinutes(30) : null);

    public static void WriteHeartbeat(string dir, DateTimeOffset time) =>
        File.WriteAllText(Path.Combine(dir, Heartbeat.FileName), $$"""{"time":"{{time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}}","ledger":"ok"}""");

    public static void Delete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A pooled SQLite handle may still be closing; the temp folder is cleaned up by the OS.
        }
    }
}
