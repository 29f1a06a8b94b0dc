using Sanctum.Actors.Sentinel;
using Sanctum.Actors.Valve;

namespace Sanctum.Actors.Root;

/// <summary>
/// What the guard's actors must not lose when any of them (the root included) restarts: made once with the root's
/// <c>Props</c> and handed to the children it builds, so a rebuilt child finds it as its predecessor left it.
/// </summary>
public sealed class GuardMemory
{
    public GuardMemory(GuardSettings settings)
    {
        Arming = new GuardArming(settings.DryRun);
        Valve = new ValveMemory(settings.Valve, Arming);
        Sentinel = new SentinelMemory(settings.Probes.Count);
    }

    /// <summary>Shared by the valve (which changes it), the sentinel and its probes.</summary>
    public GuardArming Arming { get; }

    public ValveMemory Valve { get; }

    public SentinelMemory Sentinel { get; }
}
