using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Gateway;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Ledger;
using Sanctum.Policy.Domain;

namespace Sanctum.Daemon.Heartbeat;

/// <summary>
/// Every tick, asks the valve for its status and the process registry for the owners, and rewrites the heartbeat file. The asks
/// run off the actor's thread with timeouts and a beat is skipped while the previous one is still out, so a slow
/// valve delays the heartbeat (which is what the deadman watches) but is never blocked by it. The ledger is
/// not part of liveness: a ledger that does not answer (a stalled disk) writes the beat with persistence
/// <c>unknown</c> rather than making a working guard look dead to the deadman. Each beat also says whether the valve
/// still makes progress (<see cref="ValveProgress"/>), and only then pets systemd's watchdog.
/// </summary>
public sealed class HeartbeatActor : ReceiveActor, IWithTimers
{
    public const string Name = "heartbeat";

    /// <summary>
    /// Longer than the owner listing's own deadline (it answers with whoever replied by then) and independent of
    /// the tick: a 1 s tick on a loaded host must not turn every slightly late answer into a skipped beat.
    /// </summary>
    public static readonly TimeSpan DefaultAskTimeout = TimeSpan.FromSeconds(3);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeSpan _every;
    private readonly IServiceNotifier? _notifier;
    private bool _inFlight;
    private bool _first = true;
    private int _failedWrites;
    private bool _ready;
    private bool _stalled;

    /// <param name="every">The tick: one beat each, and the cadence <see cref="ValveProgress.StallAfter"/> is measured in.</param>
    /// <param name="notifier">systemd's, when it started the daemon: <c>READY=1</c> at the first beat that shows progress, then <c>WATCHDOG=1</c> at each one.</param>
    public HeartbeatActor(IActorRef valve, IActorRef processes, IActorRef ledger, string path, TimeSpan every, TimeSpan askTimeout, string version, DateTimeOffset processStart, IServiceNotifier? notifier = null)
    {
        _every = every;
        _notifier = notifier;
        var pid = Environment.ProcessId;
        Receive<Beat>(_ =>
        {
            if (_inFlight)
            {
                return;
            }

            _inFlight = true;
            Collect(valve, processes, ledger, askTimeout, pid, version, every).PipeTo(Self);
        });
        Receive<HeartbeatDocument>(document =>
        {
            _inFlight = false;
            Watch(document.Progress);
            Write(path, document, processStart);
        });
        Receive<Status.Failure>(f =>
        {
            _inFlight = false;
            _log.Warning("heartbeat skipped: {0}", f.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef valve, IActorRef processes, IActorRef ledger, string path, TimeSpan every, TimeSpan askTimeout, string version, DateTimeOffset processStart, IServiceNotifier? notifier = null) =>
        Akka.Actor.Props.Create(() => new HeartbeatActor(valve, processes, ledger, path, every, askTimeout, version, processStart, notifier));

    protected override void PreStart()
    {
        Self.Tell(Beat.Instance);
        Timers.StartPeriodicTimer(Name, Beat.Instance, _every);
    }

    /// <summary>The watchdog is petted only while the valve makes progress, so systemd restarts a guard that has stalled.</summary>
    private void Watch(ProgressView? progress)
    {
        var stalled = progress is not { State: ProgressView.Progressing };
        if (stalled != _stalled && progress is not null)
        {
            if (stalled)
            {
                _log.Error("STALLED: the valve has acted on no pressure reading since {0:O} (stalled after {1} s); systemd's watchdog is no longer petted", progress.LastReadingAt, progress.StallAfterSeconds);
            }
            else
            {
                _log.Info("progress again: the valve acted on a reading at {0:O}", progress.LastReadingAt);
            }
        }

        _stalled = stalled;
        if (stalled || _notifier is null)
        {
            return;
        }

        if (!_ready)
        {
            _ready = _notifier.TryNotify("READY=1", _log);
            if (!_ready)
            {
                return;
            }
        }

        _notifier.TryNotify("WATCHDOG=1", _log);
    }

    /// <summary>Tried at every beat, also while the disk is full; the first failure is logged, then only the recovery.</summary>
    private void Write(string path, HeartbeatDocument document, DateTimeOffset processStart)
    {
        try
        {
            HeartbeatFile.Write(path, document);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (_failedWrites++ == 0)
            {
                _log.Warning("heartbeat not written to {0}: {1}; trying again at every beat", path, e.Message);
            }

            return;
        }

        if (_failedWrites > 0)
        {
            _log.Info("heartbeat written again after {0} failed beats", _failedWrites);
            _failedWrites = 0;
        }

        if (_first)
        {
            _first = false;
            _log.Info("first heartbeat written {0:0} ms after process start", (DateTimeOffset.UtcNow - processStart).TotalMilliseconds);
        }
    }

    private static async Task<HeartbeatDocument> Collect(IActorRef valve, IActorRef processes, IActorRef ledger, TimeSpan timeout, int pid, string version, TimeSpan tick)
    {
        var status = valve.Ask<ValveStatus>(GetValveStatus.Instance, timeout);
        var owners = processes.Ask<OwnerList>(new ListOwners(All: false), timeout);
        var persistence = Persistence(ledger, timeout);
        return HeartbeatDocument.Build(await status, await owners, DateTimeOffset.UtcNow, pid, version, await persistence, tick);
    }

    private static async Task<HeartbeatPersistence> Persistence(IActorRef ledger, TimeSpan timeout)
    {
        try
        {
            return HeartbeatPersistence.From(await ledger.Ask<LedgerHealth>(GetLedgerHealth.Instance, timeout));
        }
        catch (AskTimeoutException)
        {
            return HeartbeatPersistence.Unknown($"the ledger did not answer within {timeout.TotalSeconds:0.#} s");
        }
    }

    private sealed record Beat
    {
        public static Beat Instance { get; } = new();
    }
}
