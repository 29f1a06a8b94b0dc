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
