namespace Sanctum.Actors.Gateway;

/// <summary>The ledger's health for <c>sanctum status</c> (e.g. <c>ok</c>, <c>degraded: …</c>); the ledger provides its own.</summary>
public interface IPersistenceHealth
{
    Task<string> CheckAsync(TimeSpan timeout);
}

/// <summary>No ledger yet: status reports <c>"persistence":"none"</c>.</summary>
public sealed class NoPersistence : IPersistenceHealth
{
    public static NoPersistence Instance { get; } = new();

    public Task<string> CheckAsync(TimeSpan timeout) => Task.FromResult("none");
}

/// <summary>
/// The ledger's health, and whether its database file is still the one it opened: deleted or replaced while the
/// daemon runs, the journal goes on into a file nobody will read again, so <c>status</c> says degraded.
/// </summary>
/// <param name="identityOf">Device and inode of a path, or null when it is not there.</param>
public sealed class DatabaseFileHealth(IPersistenceHealth ledger, string path, Func<string, string?> identityOf) : IPersistenceHealth
{
    private readonly string? _opened = identityOf(path);

    public async Task<string> CheckAsync(TimeSpan timeout)
    {
        var health = await ledger.CheckAsync(timeout);
        if (_opened is null)
        {
            return health;
        }

        return identityOf(path) switch
        {
            null => $"degraded: the database {path} was deleted while running; restart the daemon to journal to a new one",
            var now when now != _opened => $"degraded: the database {path} was replaced while running; restart the daemon to journal to it",
            _ => health,
        };
    }
}
