using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Classification;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Sampling;
using Sanctum.Ports;

namespace Sanctum.Actors.Pressure;

/// <summary>
/// The sampler. It reads pressure as often as the headroom demands (<see cref="SamplingCadence"/>: far from
/// every threshold once a tick, close to one every few tens of milliseconds, and at once when a PSI trigger
/// fires), classifies each reading and confirms levels by time (<see cref="LevelConfirmation"/>). When the raw
/// level rises, and every second from YELLOW on, it has the process table read again, so candidates are hot; a
/// first bad reading at ORANGE or worse is re-read a few milliseconds later (right after a new scan when the
/// table is older than a second), and a confirmed rise goes to the valve at once. The valve otherwise
/// gets one reading a tick, as it always has. A reading that fails is logged and retried a tick later.
/// </summary>
public sealed class PressureMonitor : ReceiveActor, IWithTimers
{
    private const string ReadTimer = "read";

    /// <summary>A table this young still holds the process eating memory now: a first ORANGE reading need not wait for a new scan.</summary>
    private static readonly TimeSpan HotTable = TimeSpan.FromSeconds(1);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IPressurePort _port;
    private readonly IPressureTrigger? _trigger;
    private readonly ValveOptions _options;
    private readonly IActorRef _valve;
    private readonly IActorRef _scanner;
    private CompressorWindow _window;
    private LevelConfirmation _confirmation;
    private PressureLevel _lastRaw = PressureLevel.Green;
    private DateTimeOffset _lastToValve = DateTimeOffset.MinValue;
    private PressureLevel _lastRemedy = PressureLevel.Green;
    private bool _awaitingScan;
    private DateTimeOffset _lastScanAsked = DateTimeOffset.MinValue;

    public PressureMonitor(IPressurePort port, IPressureTrigger? trigger, ValveOptions options, IActorRef valve, IActorRef scanner)
    {
        _port = port;
        _trigger = trigger;
        _options = options;
        _valve = valve;
        _scanner = scanner;
        _window = CompressorWindow.Empty(options.CompressorLeak.Window);
        _confirmation = LevelConfirmation.Start(options.Debounce, options.Tick, options.Confirm);
        Receive<SamplePressure>(_ => Read());
        Receive<ProcessesScanned>(_ =>
        {
            if (_awaitingScan)
            {
                _awaitingScan = false;
                Read();
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IPressurePort port, IPressureTrigger? trigger, ValveOptions options, IActorRef valve, IActorRef scanner) =>
        Akka.Actor.Props.Create(() => new PressureMonitor(port, trigger, options, valve, scanner));

    protected override void PreStart()
    {
        _log.Info("pressure: {0}", _trigger?.Mode ?? "read on the actor scheduler by headroom");
        Self.Tell(SamplePressure.Instance);
    }

    private void Read()
    {
        var now = Context.System.Scheduler.Now;
        var read = _port.Sample(now);
        if (read.Value is not { } sample)
        {
            _log.Warning("pressure sample skipped: {0}", read.Error);
            WakeAfter(_options.Tick);
            return;
        }

        _window = _window.Add(sample);
        var raw = Classifier.Classify(sample, _window, _options.Thresholds, _options.CompressorLeak);
        var from = _confirmation.Confirmed;
        (_confirmation, var changed) = _confirmation.Observe(raw.Level, now);
        if (changed is { } to)
        {
            Context.System.EventStream.Publish(new LevelChanged(now, from, to, raw, sample));
        }

        var remedy = _confirmation.RemedyLevel(now);
        if (changed is not null || remedy != _lastRemedy || now - _lastToValve >= _options.Tick)
        {
            _lastToValve = now;
            _lastRemedy = remedy;
            _valve.Tell(new PressureObserved(sample, raw, _confirmation.Confirmed, remedy));
            Context.System.EventStream.Publish(new LevelTick(now, _confirmation.Confirmed));
        }

        var rose = raw.Level > _lastRaw && raw.Level >= PressureLevel.Yellow;
        if (rose)
        {
            Context.System.EventStream.Publish(new RawLevelRose(now, _lastRaw, raw.Level));
        }

        _lastRaw = raw.Level;
        var tableIsHot = now - _lastScanAsked <= HotTable;
        if (rose || (raw.Level >= PressureLevel.Yellow && !tableIsHot))
        {
            _lastScanAsked = now;
            _scanner.Tell(new ScanProcesses(Self));
        }

        var unconfirmed = raw.Level > _confirmation.Confirmed;
        if (rose && unconfirmed && raw.Level >= PressureLevel.Orange && !tableIsHot)
        {
            // Confirmed right after the scan, so the valve plans against a table that has the process that is
            // eating memory now; the wake below is a backstop should the scan never answer.
            _awaitingScan = true;
            WakeAfter(_options.Tick);
        }
        else
        {
            WakeAfter(unconfirmed ? _options.Sensing.ConfirmInterval : SamplingCadence.Next(sample, _confirmation.Confirmed, _options.Thresholds, _options.Sensing, _options.Tick));
        }
    }

    private void WakeAfter(TimeSpan delay)
    {
        if (_trigger is null)
        {
            Timers.StartSingleTimer(ReadTimer, SamplePressure.Instance, delay);
            return;
        }

        var self = Self;
        _trigger.WakeAfter(delay, stalled => self.Tell(stalled ? new SamplePressure(Stalled: true) : SamplePressure.Instance));
    }
}
