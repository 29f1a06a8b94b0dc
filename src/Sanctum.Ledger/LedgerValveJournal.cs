using Akka.Actor;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Effectiveness;

namespace Sanctum.Ledger;

/// <summary>The valve's side of <c>/user/ledger</c>: its seed from the recovered journal, and written-down confirmations.</summary>
public sealed class LedgerValveJournal(IActorRef ledger) : IValveJournal
{
    public async Task<SeedValve> SeedAsync(ShedEffectiveness fresh, TimeSpan within) =>
        (await ledger.Ask<LedgerState>(GetLedgerState.Instance, within).ConfigureAwait(false)).ToValveSeed(fresh, DateTimeOffset.UtcNow);

    public async Task WrittenAsync(TimeSpan within)
    {
        EventsWritten written;
        try
        {
            written = await ledger.Ask<EventsWritten>(AwaitWritten.Instance, within).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            throw new TimeoutException($"the journal did not confirm the write within {within.TotalSeconds:0.#} s");
        }

        if (written.Problem is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }
}
