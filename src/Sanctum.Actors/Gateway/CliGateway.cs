using Akka.Actor;
using Sanctum.Actors.Processes;
using Sanctum.Actors.Valve;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;

namespace Sanctum.Actors.Gateway;

/// <param name="AskTimeout">Each ask of another actor; a slow answer becomes an error reply, never a wait.</param>
/// <param name="Reading">How pressure is read and the sampler woken, for <c>sanctum status</c>.</param>
public sealed record CliGatewaySettings(string Version, int Pid, DateTimeOffset StartedAt, TimeSpan Tick, TimeSpan AskTimeout, IPersistenceHealth Persistence)
{
    public string Reading { get; init; } = "";

    /// <summary>The daemon's uid: <c>sanctum thaw</c> resumes another user's process only when the guard stopped it. Null: no such limit.</summary>
    public uint? OwnUid { get; init; }
}

/// <summary>The actors the gateway asks: the root's valve and process registry, and the decision log.</summary>
public sealed record GatewayTargets(IActorRef Valve, IActorRef Processes, IActorRef Decisions);

/// <summary>
/// <c>/user/cli</c>: answers each <see cref="CliRequest"/> with one <see cref="CliReply"/>. It only asks other actors
/// (with timeouts, piping the answers back) and never blocks, so any number of clients cannot delay the tick.
/// </summary>
public sealed class CliGateway : ReceiveActor
{
    public const string Name = "cli";
    public const int ChildrenListed = 50;

    public CliGateway(GatewayTargets targets, CliGatewaySettings settings)
    {
        var timeout = settings.AskTimeout;
        Receive<StatusRequest>(_ => Reply(Status(targets, settings, Now)));
        Receive<ActorsRequest>(_ => Sender.Tell(CliReply.Success(ActorTree.Walk(Context.System, ChildrenListed))));
        Receive<PsRequest>(r => Reply(Ps(targets.Processes, r.All, timeout, Now)));
        Receive<WhyRequest>(r => Reply(Decisions(targets.Decisions, new QueryDecisions(r.Pid, null), timeout)));
        Receive<HistoryRequest>(r => Reply(Decisions(targets.Decisions, new QueryDecisions(null, Now - r.Since), timeout)));
        Receive<ThawRequest>(r => Reply(Thaw(targets, r.Pid, settings.OwnUid, timeout)));
        Receive<ArmRequest>(r => Reply(Arm(targets.Valve, new SetDryRun(!r.Armed, Requester.User), timeout)));
    }

    public static Props Props(GatewayTargets targets, CliGatewaySettings settings) =>
        Akka.Actor.Props.Create(() => new CliGateway(targets, settings));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void Reply(Task<CliReply> answer) =>
        answer.PipeTo(Sender, Self, failure: e => CliReply.Failure(e is AskTimeoutException ? "the daemon did not answer in time" : e.Message));

    private static async Task<CliReply> Status(GatewayTargets targets, CliGatewaySettings settings, DateTimeOffset now)
    {
        var status = targets.Valve.Ask<ValveStatus>(GetValveStatus.Instance, settings.AskTimeout);
        var owners = targets.Processes.Ask<OwnerList>(new ListOwners(All: false), settings.AskTimeout);
        var persistence = settings.Persistence.CheckAsync(settings.AskTimeout);
        return CliReply.Success(CliViews.Status(await status, await owners, settings, await persistence, now));
    }

    private static async Task<CliReply> Ps(IActorRef processes, bool all, TimeSpan timeout, DateTimeOffset now)
    {
        var owners = await processes.Ask<OwnerList>(new ListOwners(all), timeout);
        return CliReply.Success(new PsView([.. owners.Owners.Select(o => CliViews.Process(o, now))]));
    }

    private static async Task<CliReply> Decisions(IActorRef source, QueryDecisions query, TimeSpan timeout)
    {
        var found = await source.Ask<DecisionsFound>(query, timeout);
        return CliReply.Success(new DecisionsView(found.Decisions));
    }

    /// <summary>A person's thaw is sent even in dry-run: dry-run restrains the guard, not its user.</summary>
    private static async Task<CliReply> Thaw(GatewayTargets targets, int pid, uint? ownUid, TimeSpan timeout)
    {
        var status = await targets.Valve.Ask<ValveStatus>(GetValveStatus.Instance, timeout);
        var resume = new Resume(Requester.User, "sanctum thaw", status.Level, DryRun: false) { OwnUid = ownUid };
        return await targets.Processes.Ask<OwnerReply>(new RouteByPid(pid, resume), timeout) switch
        {
            Applied a => CliReply.Success(new ThawView(pid, a.Target.StartTime, "applied", a.Reason, null)),
            AlreadyInState a => CliReply.Success(new ThawView(pid, a.Target.StartTime, "already", a.Reason, null)),
            Deferred d => CliReply.Success(new ThawView(pid, d.Target.StartTime, "deferred", d.Reason, d.Until.UtcDateTime)),
            var refused => CliReply.Failure($"thaw of pid {pid} refused: {refused.Reason}"),
        };
    }

    /// <summary>The valve answers once the journal has the decision on disk (the sentinel and its probes read the same arming).</summary>
    private static async Task<CliReply> Arm(IActorRef valve, SetDryRun set, TimeSpan timeout) =>
        CliReply.Success(CliViews.Arming(await valve.Ask<ArmingDecision>(set, timeout)));
}
