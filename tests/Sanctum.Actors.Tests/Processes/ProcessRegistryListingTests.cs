using Akka.Actor;
using Akka.TestKit;
using Sanctum.Actors.Processes;
using Sanctum.Policy.Arbitration;
using Sanctum.Policy.Decisions;
using Sanctum.Policy.Domain;
using Sanctum.Policy.Options;
using Sanctum.Policy.Picking;
using Sanctum.Replay;
using Xunit;

namespace Sanctum.Actors.Tests.Processes;

/// <summary>What <c>sanctum ps</c> lists without <c>--all</c>: allowlisted, critical, stopped, or acted on in the last hour.</summary>
public sealed class ProcessRegistryListingTests : Akka.TestKit.Xunit2.TestKit
{
    private const int Plain = 500;
    private const int Listed = 501;

    private readonly SimulatedHost _host;
    private readonly IActorRef _registry;

    public ProcessRegistryListingTests()
        : base(VirtualTime.Config)
    {
        _host = SimulatedHosts.With(() => Clock.Now, SimulatedHosts.Process(Plain, "plain", state: "T"), SimulatedHosts.Process(Listed, "ollama"));
        var policy = PickerPolicy.Compile([new AllowlistEntry("ollama", "ollama", StopPolicy.SigstopOnly, 0)], [], [], []);
        _registry = Sys.ActorOf(ProcessRegistry.Props(policy, new ArbiterSettings(TimeSpan.FromSeconds(120), LeaseOptions.Default), _host));
        Scan();
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void AProcessTheGuardSignalledStaysListedForAnHourAfterItStoppedMattering()
    {
        Assert.Equal([Plain, Listed], Listing());

        _registry.Tell(new RouteByPid(Plain, new Resume(Requester.User, "sanctum thaw", PressureLevel.Orange, DryRun: false)));
        ExpectMsg<Applied>();
        Clock.Advance(TimeSpan.FromSeconds(5));
        Scan();
        Assert.Equal([Plain, Listed], Listing());

        Clock.Advance(ProcessRegistry.RecentlyActedOn);
        Scan();
        Assert.Equal([Listed], Listing());

        // A request that sends nothing is not acting on it.
        _registry.Tell(new RouteByPid(Plain, new Resume(Requester.User, "sanctum thaw", PressureLevel.Orange, DryRun: false)));
        ExpectMsg<AlreadyInState>();
        Assert.Equal([Listed], Listing());
        Assert.Equal([Plain, Listed], Listing(all: true));
    }

    [Fact]
    public async Task OwnersRunOnTheLightMailboxWhateverTheSystemConfiguration()
    {
        // A selection finds children without passing the registry's mailbox: its answer proves the table was taken.
        Assert.Contains(Plain, Listing(all: true));
        var owner = await Sys.ActorSelection(_registry.Path / $"{Plain}-0").ResolveOne(TimeSpan.FromSeconds(3));

        var cell = Assert.IsType<ActorCell>(((ActorRefWithCell)owner).Underlying);
        Assert.IsType<OwnerMessageQueue>(cell.Mailbox!.MessageQueue);
    }

    private void Scan() => _registry.Tell(new TableRead(_host.Read().Rows, Clock.Now));

    private int[] Listing(bool all = false)
    {
        _registry.Tell(new ListOwners(all));
        return [.. ExpectMsg<OwnerList>().Owners.Select(o => o.Row.Pid)];
    }
}
