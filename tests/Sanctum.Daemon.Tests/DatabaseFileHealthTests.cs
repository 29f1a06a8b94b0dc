using Sanctum.Actors.Gateway;
using Sanctum.Tests.Shared.EndToEnd;
using Xunit;

namespace Sanctum.Daemon.Tests;

public sealed class DatabaseFileHealthTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sanctum-dbhealth-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [LinuxFact]
    public async Task TheSameFileReportsTheLedgersHealth()
    {
        var health = Watch(out _);

        Assert.Equal("ok", await health.CheckAsync(TimeSpan.FromSeconds(1)));
    }

    [LinuxFact]
    public async Task ADeletedDatabaseIsDegraded()
    {
        var health = Watch(out var db);
        File.Delete(db);

        Assert.Equal($"degraded: the database {db} was deleted while running; restart the daemon to journal to a new one", await health.CheckAsync(TimeSpan.FromSeconds(1)));
    }

    [LinuxFact]
    public async Task AReplacedDatabaseIsDegraded()
    {
        var health = Watch(out var db);
        var other = Path.Combine(_dir, "other.db");
        File.WriteAllText(other, "not the ledger");
        File.Move(other, db, overwrite: true);

        Assert.Equal($"degraded: the database {db} was replaced while running; restart the daemon to journal to it", await health.CheckAsync(TimeSpan.FromSeconds(1)));
    }

    private DatabaseFileHealth Watch(out string db)
    {
        db = Path.Combine(_dir, "sanctum.db");
        File.WriteAllText(db, "ledger");
        return new DatabaseFileHealth(new Ok(), db, path => FileStatus.Of(path)?.Identity);
    }

    private sealed class Ok : IPersistenceHealth
    {
        public Task<string> CheckAsync(TimeSpan timeout) => Task.FromResult("ok");
    }
}
