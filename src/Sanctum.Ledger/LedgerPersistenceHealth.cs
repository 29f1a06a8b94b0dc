using Akka.Actor;
using Sanctum.Actors.Gateway;

namespace Sanctum.Ledger;

/// <summary><c>sanctum status</c>'s persistence field: <c>ok</c>, or <c>degraded: why (N waiting)</c>.</summary>
public sealed class LedgerPersistenceHealth(IActorRef ledger) : IPersistenceHealth
{
    public async Task<string> CheckAsync(TimeSpan timeout)
    {
        var health = await ledger.Ask<LedgerHealth>(GetLedgerHealth.Instance, timeout);
        return health.Status == LedgerStatus.Ok ? health.Wire : $"{health.Wire}: {health.Reason} ({health.PendingEvents} waiting)";
    }
}
