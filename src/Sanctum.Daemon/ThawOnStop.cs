using Akka;
using Akka.Actor;
using Akka.Event;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Ports;

namespace Sanctum.Daemon;

/// <summary>
/// On a clean stop (<c>sanctum.thaw-on-stop</c>), before the actors stop: every process the guard holds frozen
/// under a lease, or still stopped under a write-ahead hold, is resumed through its owner, so the owner stays
/// the only one that signals it.
/// </summary>
public static class ThawOnStop
{
    public const string TaskName = "thaw-what-we-froze";
    public const string Reason = "guard stopping: thawing what it froze";

    public static async Task<Done> RunAsync(IActorRef processes, IActorRef valve, IHoldJournal holds, ILoggingAdapter log, TimeSpan timeout)
    {
        try
        {
            var owners = await processes.Ask<OwnerList>(new ListOwners(All: true), timeout);
            var held = holds.Held().Select(h => h.Identity).ToHashSet();
            var frozen = owners.Owners.Where(o => o.Lease is not null || (o.Row.IsStopped && held.Contains(o.Row.Identity))).ToArray();
            if (frozen.Length == 0)
            {
                log.Info("stopping: nothing frozen to thaw");
                return Done.Instance;
            }

            var level = await CurrentLevel(valve, timeout);
            log.Info("stopping: thawing {0} frozen process(es)", frozen.Length);
            var replies = await Task.WhenAll(frozen.Select(o => Resume(processes, o, level, timeout)));
            foreach (var (owner, reply) in frozen.Zip(replies, (o, r) => (o, r)).Where(p => p.r is not Applied))
            {
                log.Warning("stopping: {0} (pid {1}) not thawed: {2}", owner.Row.Name, owner.Row.Pid, reply?.Reason ?? "no reply in time");
            }

            log.Info("stopping: thawed {0} of {1}", replies.Count(r => r is Applied), frozen.Length);
        }
        catch (AskTimeoutException)
        {
            log.Warning("stopping: the process registry did not answer within {0}; nothing thawed", timeout);
        }

        return Done.Instance;
    }

    private static async Task<PressureLevel> CurrentLevel(IActorRef valve, TimeSpan timeout)
    {
        try
        {
            return (await valve.Ask<ValveStatus>(GetValveStatus.Instance, timeout)).Level;
        }
        catch (AskTimeoutException)
        {
            return PressureLevel.Green;
        }
    }

    private static async Task<OwnerReply?> Resume(IActorRef processes, OwnerSnapshot owner, PressureLevel level, TimeSpan timeout)
    {
        try
        {
            var request = new Resume(Requester.Lease, Reason, level, DryRun: false);
            return await processes.Ask<OwnerReply>(new Route(owner.Row.Identity, request), timeout);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
