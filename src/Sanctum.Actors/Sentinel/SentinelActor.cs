using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Ports;

namespace Sanctum.Actors.Sentinel;

/// <summary>
/// Every <c>scan-every</c>, asks the owner of each critical process found stopped to resume it. An owner
/// holding a valve lease defers the resume to the lease end: logged once per lease, never fought over.
/// Parent of one <see cref="ProbeActor"/> per service probe: it tells each whether the process linked to it
/// is under a valve lease, from the owners' <see cref="LeaseChanged"/> events and the latest table.
/// </summary>
public sealed class SentinelActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SentinelMemory _memory;
    private readonly List<ProbeLink> _probes = [];
    private readonly TimeSpan _scanEvery;
    private IReadOnlyList<ProcRow> _rows = [];

    /// <param name="arming">The guard's arming, read at each resume and recovery (the valve changes it).</param>
    /// <param name="memory">Kept by the <c>Props</c>: what a restart of the sentinel or a probe must not lose.</param>
    public SentinelActor(PickerPolicy policy, TimeSpan scanEvery, GuardArming arming, IActorRef registry, IReadOnlyList<SentinelProbe> probes, IProbePort port, SentinelMemory memory)
    {
        _memory = memory;
        foreach (var (probe, i) in probes.Select((p, i) => (p, i)))
        {
            _probes.Add(new ProbeLink(Context.ActorOf(ProbeActor.Props(probe.Options, port, arming, memory.Probes[i]), $"probe-{i}"), Serves(probe)));
        }

        var matches = new MatchCache(policy);
        Receive<TableRead>(t =>
        {
            _rows = t.Rows;
            matches.Retain(_rows);
            TellLeases();
        });
        Receive<LeaseChanged>(l =>
        {
            if (l.Until is { } until)
            {
                _memory.Leases[l.Target] = until;
            }
            else
            {
                _memory.Leases.Remove(l.Target);
            }

            TellLeases();
        });
        Receive<LevelChanged>(c => _memory.Level = c.To);
        Receive<Scan>(_ =>
        {
            foreach (var row in _rows.Where(r => r.IsStopped && matches.Of(r) is { IsCritical: true, Denied: false }))
            {
                registry.Tell(new Route(row.Identity, new Resume(Requester.Sentinel, $"critical process found stopped (state {row.State})", _memory.Level, arming.DryRun)));
            }
        });
        Receive<Applied>(a => _log.Info("SENTINEL: resumed critical {0}{1}", a.Target, a.DryRun ? " (dry-run)" : ""));
        Receive<Deferred>(d =>
        {
            if (_memory.FirstDeferral(d.Target, d.Until, Context.System.Scheduler.Now))
            {
                _log.Info("SENTINEL: resume of {0} deferred: {1}", d.Target, d.Reason);
            }
        });
        Receive<OwnerReply>(_ => { });
        _scanEvery = scanEvery;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PickerPolicy policy, TimeSpan scanEvery, GuardArming arming, IActorRef registry, IReadOnlyList<SentinelProbe> probes, IProbePort port, SentinelMemory memory) =>
        Akka.Actor.Props.Create(() => new SentinelActor(policy, scanEvery, arming, registry, probes, port, memory));

    /// <summary>A probe's failures restart it (its memory is kept); the sentinel's own strategy, written out.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Restart);

    /// <summary>A restarted sentinel has new probes: each is told its lease again once the next table comes.</summary>
    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(LevelChanged));
        Context.System.EventStream.Subscribe(Self, typeof(LeaseChanged));
        Timers.StartPeriodicTimer("scan", Scan.Instance, _scanEvery);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>A probe whose process regex does not compile is linked to nothing (and said so): it still runs.</summary>
    private Func<ProcRow, bool> Serves(SentinelProbe probe)
    {
        if (probe.Pid is { } pid)
        {
            return row => row.Pid == pid;
        }

        if (probe.Options.Process is not { } pattern)
        {
            return _ => false;
        }

        if (ProcessPattern.TryCompile(pattern, out var error) is { } regex)
        {
            return row => ProcessPattern.Matches(regex, row);
        }

        _log.Warning("probe {0}: process regex \"{1}\" does not compile ({2}); freezes of its process will not be recognised", probe.Options.Service, pattern, error);
        return _ => false;
    }

    /// <summary>Tells each probe the latest lease end over the processes it is linked to, when that changed.</summary>
    private void TellLeases()
    {
        foreach (var link in _probes)
        {
            var until = _rows.Where(link.Serves).Select(r => _memory.Leases.TryGetValue(r.Identity, out var u) ? u : (DateTimeOffset?)null).Max();
            if (until != link.Told)
            {
                link.Told = until;
                link.Probe.Tell(new LinkedLease(until));
            }
        }
    }

    private sealed class ProbeLink(IActorRef probe, Func<ProcRow, bool> serves)
    {
        public IActorRef Probe { get; } = probe;

        public Func<ProcRow, bool> Serves { get; } = serves;

        public DateTimeOffset? Told { get; set; }
    }

    private sealed record Scan
    {
        public static Scan Instance { get; } = new();
    }
}
