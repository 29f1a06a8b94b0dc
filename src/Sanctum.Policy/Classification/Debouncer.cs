using System.Collections.Immutable;
using Sanctum.Policy.Domain;

namespace Sanctum.Policy.Classification;

/// <summary>
/// A promotion is confirmed only when every one of the last <see cref="Required"/> raw levels is at least
/// that bad (so ORANGE, RED confirms ORANGE rather than nothing); recovery is immediate.
/// </summary>
public sealed record Debouncer(int Required, PressureLevel Confirmed, ImmutableQueue<PressureLevel> Recent)
{
    public static Debouncer Start(int required) =>
        new(Math.Max(1, required), PressureLevel.Green, ImmutableQueue<PressureLevel>.Empty);

    /// <returns>The next state, and the newly confirmed level when it changed.</returns>
    public (Debouncer Next, PressureLevel? Changed) Observe(PressureLevel raw)
    {
        var recent = Recent.Enqueue(raw);
        if (recent.Count() > Required)
        {
            recent = recent.Dequeue();
        }

        var next = raw < Confirmed
            ? raw
            : recent.Count() == Required ? PressureLevelExtensions.Worst(Confirmed, recent.Min()) : Confirmed;
        var state = this with { Confirmed = next, Recent = recent };
        return (state, next == Confirmed ? null : next);
    }
}
