using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Decisions;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Picking;

namespace Sanctum.Actors.Sentinel;

/// <summary>
/// Every <c>scan-every</c>, asks the owner of each critical process found stopped to resume it. An owner
/// holding a valve lease defers the resume to the lease end: logged once per lease, never fought over.
/// </summary>
public sealed class SentinelActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<(ProcessIdentity, DateTimeOffset)> _deferralsLogged = [];
    private readonly TimeSpan _scanEvery;
    private IReadOnlyList<ProcRow> _rows = [];
    private PressureLevel _level = PressureLevel.Green;

    public SentinelActor(PickerPolicy policy, TimeSpan scanEvery, bool dryRun, IActorRef registry)
    {
        Receive<TableRead>(t => _rows = t.Rows);
        Receive<LevelChanged>(c => _level = c.To);
        Receive<SetDryRun>(s => dryRun = s.DryRun);
        Receive<Scan>(_ =>
        {
            foreach (var row in _rows.Where(r => r.IsStopped && Picker.IsCritical(r, policy) && !Picker.IsDenied(r, policy)))
            {
                registry.Tell(new Route(row.Identity, new Resume(Requester.Sentinel, $"critical process found stopped (state {row.State})", _level, dryRun)));
            }
        });
        Receive<Applied>(a => _log.Info("SENTINEL: resumed critical {0}{1}", a.Target, a.DryRun ? " (dry-run)" : ""));
        Receive<Deferred>(d =>
        {
            if (_deferralsLogged.Add((d.Target, d.Until)))
            {
                _log.Info("SENTINEL: resume of {0} deferred: {1}", d.Target, d.Reason);
            }
        });
        Receive<OwnerReply>(_ => { });
        _scanEvery = scanEvery;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PickerPolicy policy, TimeSpan scanEvery, bool dryRun, IActorRef registry) =>
        Akka.Actor.Props.Create(() => new SentinelActor(policy, scanEvery, dryRun, registry));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(LevelChanged));
        Timers.StartPeriodicTimer("scan", Scan.Instance, _scanEvery);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private sealed record Scan
    {
        public static Scan Instance { get; } = new();
    }
}
