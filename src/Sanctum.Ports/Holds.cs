using Sanctum.Policy.Domain;

namespace Sanctum.Ports;

/// <summary>A process the guard stopped (or was about to stop): written down before the SIGSTOP is sent.</summary>
public sealed record Hold(ProcessIdentity Identity, DateTimeOffset At);

/// <summary>
/// The write-ahead record of freezes, kept apart from the decision journal so the decision path never waits
/// on it: a hold is durable before the SIGSTOP and released once the process is resumed, killed or gone.
/// Whatever finds a hold later (a restart, a clean stop, the deadman) may resume that identity if it is
/// still stopped. Safe to call from several owners at once.
/// </summary>
public interface IHoldJournal
{
    /// <summary>Durable (fsync'd) when it returns null; otherwise why it could not be written, and nothing may be stopped.</summary>
    string? Record(ProcessIdentity target, DateTimeOffset at);

    /// <summary>Forgets the hold; need not be durable (a stale hold is checked against the process before it is acted on).</summary>
    void Release(ProcessIdentity target);

    IReadOnlyList<Hold> Held();
}
