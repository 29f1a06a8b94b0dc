using Sanctum.Configuration.Pressure;
using Sanctum.Ports;

using Sanctum.Policy.Domain;

namespace Sanctum.Daemon.Pressure;

/// <summary>
/// Pressure from a script instead of the OS, replayed in real time (see <see cref="TimelineCursor"/>).
/// <c>at = 0s</c> is the first reading, not the process start: how long the start took (a cold JIT, a loaded
/// host, the ledger's recovery) must not eat into a scripted phase.
/// </summary>
public sealed class ScriptedPressure(PressureTimeline timeline) : IPressurePort
{
    private readonly Lock _gate = new();
    private readonly TimelineCursor _cursor = timeline.Cursor();
    private DateTimeOffset? _start;

    public ScriptedPressure(IReadOnlyList<ScenarioSample> samples, long swapTotalMb, long memoryMb)
        : this(new PressureTimeline(samples, swapTotalMb, memoryMb))
    {
    }

    public Parsed<PressureSample> Sample(DateTimeOffset now)
    {
        TimelinePoint p;
        lock (_gate)
        {
            var start = _start ??= now;
            p = _cursor.Read(now - start);
        }

        return Parsed<PressureSample>.Success(new PressureSample(now, p.AvailableMb, p.SwapUsedMb, timeline.SwapTotalMb, p.KernelLevel, p.CompressorMb));
    }
}
