using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;

namespace Sanctum.Policy.Classification;

/// <summary>
/// Turns raw levels, read as often as the sampler likes, into the level the guard reports and acts on. A
/// rise is confirmed by <c>debounce</c> readings in a row at least that bad (the <see cref="Debouncer"/>), so a
/// single bad reading never acts, however fast the readings come; a fall is immediate. A level just lost is
/// confirmed again only a tick after the fall, so a reading that flaps around a threshold changes the level
/// at most once a tick, as it did when the guard read once a tick. The remedy follows how reversible it is:
/// a freeze acts on the confirmed level, a kill only once RED has lasted <see cref="ConfirmOptions.KillAfter"/>
/// (<see cref="RemedyLevel"/>).
/// </summary>
/// <param name="RedSince">When the confirmed level became RED; null while it is not RED.</param>
/// <param name="Fell">The level last lost and when; a rise back to it waits out a tick from then.</param>
public sealed record LevelConfirmation(
    Debouncer Rises,
    PressureLevel Confirmed,
    DateTimeOffset? RedSince,
    (PressureLevel From, DateTimeOffset At)? Fell,
    TimeSpan Tick,
    ConfirmOptions Options)
{
    public static LevelConfirmation Start(int debounce, TimeSpan tick, ConfirmOptions options) =>
        new(Debouncer.Start(debounce), PressureLevel.Green, null, null, tick, options);

    /// <summary>The level remedies are planned at: RED only once it has lasted long enough for a kill, ORANGE before.</summary>
    public PressureLevel RemedyLevel(DateTimeOffset at) =>
        Confirmed == PressureLevel.Red && RedSince is { } since && at - since < Options.KillAfter ? PressureLevel.Orange : Confirmed;

    /// <returns>The next state, and the newly confirmed level when it changed.</returns>
    public (LevelConfirmation Next, PressureLevel? Changed) Observe(PressureLevel raw, DateTimeOffset at)
    {
        var (rises, _) = Rises.Observe(raw);
        var next = Confirmed;
        var fell = Fell;
        if (raw < Confirmed)
        {
            next = raw;
            fell = (Confirmed, at);
        }
        else if (rises.Confirmed > Confirmed)
        {
            var relapse = Fell is { } f && rises.Confirmed <= f.From && at - f.At < Tick;
            next = relapse ? Confirmed : rises.Confirmed;
        }

        var redSince = next == PressureLevel.Red ? (Confirmed == PressureLevel.Red ? RedSince : at) : null;
        var state = this with { Rises = rises, Confirmed = next, RedSince = redSince, Fell = fell };
        return (state, next == Confirmed ? null : next);
    }
}
