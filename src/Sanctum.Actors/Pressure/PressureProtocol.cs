using Sanctum.Policy.Classification;
using Sanctum.Policy.Domain;

namespace Sanctum.Actors.Pressure;

/// <summary>Read pressure now: the sampler's own wake-up (<paramref name="Stalled"/>: a PSI trigger fired), or a person's or a test's.</summary>
public sealed record SamplePressure(bool Stalled = false)
{
    public static SamplePressure Instance { get; } = new();
}

/// <summary>
/// The confirmed level, published with every reading handed to the valve (at least once a tick) for the few
/// owners holding a lease, so one that re-adopted its lease after a restart learns within a tick that
/// pressure is already calm.
/// </summary>
public sealed record LevelTick(DateTimeOffset At, PressureLevel Level);

/// <summary>One reading, its classification and the confirmed level the rest of the system acts on.</summary>
/// <param name="RemedyLevel">What remedies are planned at: the confirmed level, except that RED allows kills only once it has lasted <c>confirm.kill-after</c>.</param>
public sealed record PressureObserved(PressureSample Sample, PressureClassification Raw, PressureLevel Confirmed, PressureLevel RemedyLevel);

/// <summary>
/// The raw level rose (before any confirmation): the first reading at ORANGE or worse starts the clock of
/// the reaction (<c>first-remedy-ms</c> in replay, <c>sanctum_reaction_seconds</c>). Not a decision: not journalled.
/// </summary>
public sealed record RawLevelRose(DateTimeOffset At, PressureLevel From, PressureLevel To);
