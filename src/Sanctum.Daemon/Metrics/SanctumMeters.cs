using System.Diagnostics.Metrics;

namespace Sanctum.Daemon.Metrics;

/// <summary>
/// The guard's instruments (<see cref="System.Diagnostics.Metrics"/>), named so that the Prometheus exporter shows
/// design §12's names (a unit of <c>By</c> becomes <c>_bytes</c>, <c>s</c> <c>_seconds</c>, a counter gets <c>_total</c>).
/// The gauges read the last values <see cref="MetricsActor"/> stored here.
/// </summary>
public sealed class SanctumMeters : IDisposable
{
    public const string MeterName = "Sanctum";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _actions;
    private readonly Histogram<double> _reaction;
    private long _level;
    private long _availableBytes;
    private long _swapUsedBytes;
    private long _frozen;
    private long _ledgerUp = 1;

    public SanctumMeters()
    {
        _meter.CreateObservableGauge("sanctum.pressure.level", () => Interlocked.Read(ref _level), description: "confirmed pressure level: 0 GREEN, 1 YELLOW, 2 ORANGE, 3 RED");
        _meter.CreateObservableGauge("sanctum.memory.available", () => Interlocked.Read(ref _availableBytes), "By", "memory available, as the pressure reading saw it");
        _meter.CreateObservableGauge("sanctum.swap.used", () => Interlocked.Read(ref _swapUsedBytes), "By", "swap in use");
        _meter.CreateObservableGauge("sanctum.frozen.processes", () => Interlocked.Read(ref _frozen), description: "processes the valve holds frozen now");
        _meter.CreateObservableGauge("sanctum.ledger.up", () => Interlocked.Read(ref _ledgerUp), description: "1 when decisions are journalled, 0 when the ledger is degraded");
        _actions = _meter.CreateCounter<long>("sanctum.actions", description: "freezes, thaws, kills, sheds and alerts, by outcome and by whom");
        _reaction = _meter.CreateHistogram<double>(
            "sanctum.reaction", "s", "from the first reading at ORANGE or worse to the remedy",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });
    }

    public void Pressure(int level, long availableMb, long swapUsedMb)
    {
        Interlocked.Exchange(ref _level, level);
        Interlocked.Exchange(ref _availableBytes, availableMb * 1024 * 1024);
        Interlocked.Exchange(ref _swapUsedBytes, swapUsedMb * 1024 * 1024);
    }

    public void Frozen(int count) => Interlocked.Exchange(ref _frozen, count);

    public void LedgerUp(bool up) => Interlocked.Exchange(ref _ledgerUp, up ? 1 : 0);

    public void Action(string @event, string outcome, string by) =>
        _actions.Add(1, new("event", @event), new("outcome", outcome), new("by", by));

    public void Reaction(TimeSpan took) => _reaction.Record(took.TotalSeconds);

    public void Dispose() => _meter.Dispose();
}
