using Akka.Actor;
using Akka.Event;
using Sanctum.Policy.Classification;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Ports;

namespace Sanctum.Actors.Pressure;

/// <summary>Take one pressure sample now (sent by the root on every tick).</summary>
public sealed record SamplePressure
{
    public static SamplePressure Instance { get; } = new();
}

/// <summary>
/// The confirmed level, published every tick (not only on change) for the few owners holding a lease, so one
/// that re-adopted its lease after a restart learns within a tick that pressure is already calm.
/// </summary>
public sealed record LevelTick(DateTimeOffset At, PressureLevel Level);

/// <summary>One tick's reading, its classification and the debounced level the rest of the system acts on.</summary>
public sealed record PressureObserved(PressureSample Sample, PressureClassification Raw, PressureLevel Confirmed);

/// <summary>
/// Samples pressure through the port, classifies, debounces, tells the valve every tick and publishes
/// confirmed level changes. A sample that cannot be read is logged and skipped; the next tick tries again.
/// </summary>
public sealed class PressureMonitor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CompressorWindow _window;
    private Debouncer _debouncer;

    public PressureMonitor(IPressurePort port, ValveOptions options, IActorRef valve)
    {
        _window = CompressorWindow.Empty(options.CompressorLeak.Window);
        _debouncer = Debouncer.Start(options.Debounce);
        Receive<SamplePressure>(_ =>
        {
            var now = Context.System.Scheduler.Now;
            var read = port.Sample(now);
            if (read.Value is not { } sample)
            {
                _log.Warning("pressure sample skipped: {0}", read.Error);
                return;
            }

            _window = _window.Add(sample);
            var raw = Classifier.Classify(sample, _window, options.Thresholds, options.CompressorLeak);
            var from = _debouncer.Confirmed;
            (_debouncer, var changed) = _debouncer.Observe(raw.Level);
            if (changed is { } to)
            {
                Context.System.EventStream.Publish(new LevelChanged(now, from, to, raw, sample));
            }

            valve.Tell(new PressureObserved(sample, raw, _debouncer.Confirmed));
            Context.System.EventStream.Publish(new LevelTick(now, _debouncer.Confirmed));
        });
    }

    public static Props Props(IPressurePort port, ValveOptions options, IActorRef valve) =>
        Akka.Actor.Props.Create(() => new PressureMonitor(port, options, valve));
}
