using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Planning;

namespace Sanctum.Actors.Valve;

/// <summary>
/// What the valve knows that must outlive one instance of it: created once with its <c>Props</c>, so a valve
/// restarted after a fault comes back armed or disarmed as it was, with its cooldowns, refusals and ineffective
/// markers. The book is immutable and replaced whole, so a handler that throws leaves the last complete one.
/// </summary>
public sealed class ValveMemory(ValveOptions options, GuardArming arming)
{
    public GuardArming Arming { get; } = arming;

    public ValveBook Book { get; set; } = ValveBook.Create(options);

    public LastAction? LastAction { get; set; }

    public RemedyStage EpisodeStage { get; set; } = RemedyStage.Observe;

    public DateTimeOffset? LastAlertAt { get; set; }

    /// <summary>The journal's seed has been taken once: a restart does not hold remedies for it again.</summary>
    public bool Seeded { get; set; }
}
