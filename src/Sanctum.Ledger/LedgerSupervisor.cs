using Akka.Actor;
using Akka.Event;
using Sanctum.Policy.Decisions;

namespace Sanctum.Ledger;

/// <summary>
/// <c>/user/ledger</c>: subscribes to every <see cref="Decision"/>, folds it into the ledger state at once,
/// and has its <see cref="LedgerActor"/> journal it. The events wait in an outbox until the journal
/// acknowledges them, so a journal that fails or rejects writes loses nothing while it is down (up to
/// <see cref="LedgerSettings.MaxPending"/>): the writer is restarted and the batch retried after a growing
/// backoff, and <see cref="GetLedgerHealth"/> answers degraded until writes work again. Nothing here ever
/// blocks or stops the guard.
/// </summary>
public sealed class LedgerSupervisor : ReceiveActor, IWithTimers
{
    private const int BatchSize = 1000;
    private const string RetryTimer = "retry";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LedgerSettings _settings;
    private readonly string _persistenceId;
    private readonly Queue<ILedgerEvent> _outbox = new();
    private readonly List<IActorRef> _waitingForState = [];
    private LedgerState _state = LedgerState.Empty;
    private bool _recoveredOnce;
    private IActorRef? _writer;
    private bool _writerReady;
    private PersistBatch? _inFlight;
    private bool _inFlightSent;
    private long _nextBatch;
    private string? _problem;
    private int _writers;
    private int _failures;
    private long _dropped;
    private DateTimeOffset? _lastWriteAt;
    private long _taken;
    private readonly Queue<(long Upto, IActorRef ReplyTo)> _awaitingWrite = new();

    public LedgerSupervisor(LedgerSettings settings, string persistenceId = LedgerSettings.PersistenceId)
    {
        _settings = settings;
        _persistenceId = persistenceId;

        Receive<Decision>(d => Enqueue(LedgerMapping.From(d, _settings.Cooldown)));
        Receive<RecordEvents>(r => Enqueue(r.Events));
        Receive<WriterRecovered>(OnRecovered);
        Receive<BatchPersisted>(OnPersisted);
        Receive<BatchRejected>(r =>
        {
            _log.Warning("ledger degraded: {0}; {1} events kept in memory, retrying", r.Reason, Pending);
            _problem = r.Reason;
            _failures++;
            _inFlightSent = false;
            ScheduleRetry();
        });
        Receive<WriterFailing>(f => _problem = f.Reason);
        Receive<Terminated>(t => t.ActorRef.Equals(_writer), _ =>
        {
            _writer = null;
            _writerReady = false;
            _inFlightSent = false;
            Timers.Cancel(RetryTimer);
            _problem ??= "journal writer stopped";
            _failures++;
            _log.Error("ledger degraded: {0}; {1} events kept in memory, retrying", _problem, Pending);
            ScheduleRetry();
        });
        Receive<Retry>(_ =>
        {
            if (_writer is null)
            {
                StartWriter();
            }
            else
            {
                Flush();
            }
        });
        Receive<GetLedgerHealth>(_ => Sender.Tell(Health()));
        Receive<AwaitWritten>(_ =>
        {
            _awaitingWrite.Enqueue((_taken, Sender));
            if (Timers.IsTimerActive(RetryTimer))
            {
                Timers.Cancel(RetryTimer);
                Self.Tell(Retry.Instance);
            }

            AnswerWritten();
        });
        Receive<GetLedgerState>(_ =>
        {
            if (_recoveredOnce)
            {
                Sender.Tell(_state);
            }
            else
            {
                _waitingForState.Add(Sender);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LedgerSettings settings, string persistenceId = LedgerSettings.PersistenceId) =>
        Akka.Actor.Props.Create(() => new LedgerSupervisor(settings, persistenceId));

    private int Pending => _outbox.Count + (_inFlight?.Events.Count ?? 0);

    /// <summary>Events taken that are written or dropped: every one not pending.</summary>
    private long Settled => _taken - Pending;

    protected override void PreStart()
    {
        if (_settings.FallbackReason is { } reason)
        {
            _log.Error("LEDGER DEGRADED: {0}. Decisions are kept in memory only and are lost when the guard stops.", reason);
        }

        Context.System.EventStream.Subscribe(Self, typeof(Decision));
        StartWriter();
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void StartWriter()
    {
        _writer = Context.Watch(Context.ActorOf(LedgerActor.Props(_persistenceId, _settings.SnapshotEvery), $"writer-{++_writers}"));
        _writerReady = false;
    }

    private void OnRecovered(WriterRecovered recovered)
    {
        if (!Sender.Equals(_writer))
        {
            return;
        }

        _writerReady = true;
        if (!_recoveredOnce)
        {
            // Decisions taken while the journal was being read were folded into an empty state: replay them on top.
            _recoveredOnce = true;
            _state = recovered.State.ApplyAll((_inFlight?.Events ?? []).Concat(_outbox));
            foreach (var waiting in _waitingForState)
            {
                waiting.Tell(_state);
            }

            _waitingForState.Clear();
        }

        Flush();
    }

    private void OnPersisted(BatchPersisted persisted)
    {
        if (_inFlight?.Id != persisted.Id)
        {
            return;
        }

        _inFlight = null;
        _inFlightSent = false;
        AnswerWritten();
        _lastWriteAt = Context.System.Scheduler.Now;
        if (_problem is not null || _dropped > 0)
        {
            _log.Info("ledger writes work again ({0} events waiting, {1} lost while it was down)", Pending, _dropped);
            _problem = null;
            _dropped = 0;
        }

        _failures = 0;
        Flush();
    }

    private void Enqueue(IReadOnlyList<ILedgerEvent> events)
    {
        foreach (var e in events)
        {
            _state = _state.Apply(e);
            _outbox.Enqueue(e);
            _taken++;
        }

        while (Pending > _settings.MaxPending && _outbox.Count > 0)
        {
            _outbox.Dequeue();
            if (_dropped++ % 1000 == 0)
            {
                _log.Error("ledger outbox full ({0} events): the oldest unwritten decisions are dropped ({1} so far)", _settings.MaxPending, _dropped);
            }
        }

        Flush();
    }

    private void AnswerWritten()
    {
        while (_awaitingWrite.TryPeek(out var waiting) && waiting.Upto <= Settled)
        {
            _awaitingWrite.Dequeue();
            waiting.ReplyTo.Tell(new EventsWritten(_settings.FallbackReason is { } f ? $"in-memory journal: {f}" : null));
        }
    }

    private void Flush()
    {
        if (_writer is null || !_writerReady || _inFlightSent || Timers.IsTimerActive(RetryTimer))
        {
            return;
        }

        if (_inFlight is null)
        {
            if (_outbox.Count == 0)
            {
                return;
            }

            var batch = new List<ILedgerEvent>(Math.Min(BatchSize, _outbox.Count));
            while (batch.Count < BatchSize && _outbox.Count > 0)
            {
                batch.Add(_outbox.Dequeue());
            }

            _inFlight = new PersistBatch(++_nextBatch, batch);
        }

        _inFlightSent = true;
        _writer.Tell(_inFlight);
    }

    private void ScheduleRetry()
    {
        var doublings = Math.Clamp(_failures - 1, 0, 20);
        var delay = TimeSpan.FromTicks(Math.Min(_settings.MaxBackoff.Ticks, _settings.MinBackoff.Ticks << doublings));
        Timers.StartSingleTimer(RetryTimer, Retry.Instance, delay);
    }

    private LedgerHealth Health()
    {
        var reasons = new[] { _settings.FallbackReason is { } f ? $"in-memory journal: {f}" : null, _problem, _dropped > 0 ? $"{_dropped} decisions dropped" : null }
            .OfType<string>().ToArray();
        return new LedgerHealth(reasons.Length == 0 ? LedgerStatus.Ok : LedgerStatus.Degraded, reasons.Length == 0 ? null : string.Join("; ", reasons), Pending, _lastWriteAt);
    }

    private sealed record Retry
    {
        public static Retry Instance { get; } = new();
    }
}
