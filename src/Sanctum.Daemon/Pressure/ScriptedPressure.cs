using Sanctum.Actors.Ports;
using Sanctum.Actors.Replay;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Parsing;

namespace Sanctum.Daemon.Pressure;

/// <summary>
/// Pressure from a script instead of the OS, replayed in real time from <paramref name="start"/>: each sample
/// holds from its <c>at</c> until the next; a key a sample leaves out keeps its previous value. Before the
/// first sample (and for keys never given) the host is calm: all memory available, no swap, kernel NORMAL.
/// </summary>
public sealed class ScriptedPressure(IReadOnlyList<ScenarioSample> samples, long swapTotalMb, long memoryMb, DateTimeOffset start) : IPressurePort
{
    public ScriptedPressure(PressureTimeline timeline, DateTimeOffset start)
        : this(timeline.Samples, timeline.SwapTotalMb, timeline.MemoryMb, start)
    {
    }

    public Parsed<PressureSample> Sample(DateTimeOffset now)
    {
        var elapsed = now - start;
        long available = memoryMb, swap = 0, compressor = 0;
        var kernel = 1;
        foreach (var s in samples.TakeWhile(s => s.At <= elapsed))
        {
            available = s.AvailableMb ?? available;
            swap = s.SwapUsedMb ?? swap;
            kernel = s.KernelLevel ?? kernel;
            compressor = s.CompressorMb ?? compressor;
        }

        return Parsed<PressureSample>.Success(new PressureSample(now, available, swap, swapTotalMb, kernel, compressor));
    }
}
