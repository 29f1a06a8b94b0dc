using Sanctum.Actors.Ports;
using Sanctum.Actors.Replay;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Parsing;

namespace Sanctum.Daemon.Pressure;

/// <summary>Pressure from a script instead of the OS, replayed in real time from <paramref name="start"/> (see <see cref="PressureTimeline.At"/>).</summary>
public sealed class ScriptedPressure(PressureTimeline timeline, DateTimeOffset start) : IPressurePort
{
    public ScriptedPressure(IReadOnlyList<ScenarioSample> samples, long swapTotalMb, long memoryMb, DateTimeOffset start)
        : this(new PressureTimeline(samples, swapTotalMb, memoryMb), start)
    {
    }

    public Parsed<PressureSample> Sample(DateTimeOffset now)
    {
        var p = timeline.At(now - start);
        return Parsed<PressureSample>.Success(new PressureSample(now, p.AvailableMb, p.SwapUsedMb, timeline.SwapTotalMb, p.KernelLevel, p.CompressorMb));
    }
}
