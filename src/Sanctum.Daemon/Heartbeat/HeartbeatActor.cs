using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Ledger;

namespace Sanctum.Daemon.Heartbeat;

/// <summary>
/// Every tick, asks the valve for its status and the process registry for the owners, and rewrites the heartbeat file. The asks
/// run off the actor's thread with timeouts and a beat is skipped while the previous one is still out, so a slow
/// valve delays the heartbeat (which is what the deadman watches) but is never blocked by it. The ledger is
/// not part of liveness: a ledger that does not answer (a stalled disk) writes the beat with persistence
/// <c>unknown</c> rather than making a working guard look dead to the deadman.
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
    private bool _inFlight;
    private bool _first = true;

    public HeartbeatActor(IActorRef valve, IActorRef processes, IActorRef ledger, string path, TimeSpan every, TimeSpan askTimeout, string version, DateTimeOffset processStart)
    {
        _every = every;
        var pid = Environment.ProcessId;
        Receive<Beat>(_ =>
        {
            if (_inFlight)
            {
                return;
            }

            _inFlight = true;
            Collect(valve, processes, ledger, askTimeout, pid, version).PipeTo(Self);
        });
        Receive<HeartbeatDocument>(document =>
        {
            _inFlight = false;
            try
            {
                HeartbeatFile.Write(path, document);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.Warning("heartbeat not written to {0}: {1}", path, e.Message);
                return;
            }

            if (_first)
            {
                _first = false;
                _log.Info("first heartbeat written {0:0} ms after process start", (DateTimeOffset.UtcNow - processStart).TotalMilliseconds);
            }
        });
        Receive<Status.Failure>(f =>
        {
            _inFlight = false;
            _log.Warning("heartbeat skipped: {0}", f.Cause.Message);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef valve, IActorRef processes, IActorRef ledger, string path, TimeSpan every, TimeSpan askTimeout, string version, DateTimeOffset processStart) =>
        Akka.Actor.Props.Create(() => new HeartbeatActor(valve, processes, ledger, path, every, askTimeout, version, processStart));

    protected override void PreStart()
    {
        Self.Tell(Beat.Instance);
        Timers.StartPeriodicTimer(Name, Beat.Instance, _every);
    }

    private static async Task<HeartbeatDocument> Collect(IActorRef valve, IActorRef processes, IActorRef ledger, TimeSpan timeout, int pid, string version)
    {
        var status = valve.Ask<ValveStatus>(GetValveStatus.Instance, timeout);
        var owners = processes.Ask<OwnerList>(new ListOwners(All: false), timeout);
        var persistence = Persistence(ledger, timeout);
        return HeartbeatDocument.Build(await status, await owners, DateTimeOffset.UtcNow, pid, version, await persistence);
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
