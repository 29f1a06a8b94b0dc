using Akka.Actor;
using Sanctum.Actors.Root;
using Xunit;

namespace Sanctum.Actors.Tests.Root;

/// <summary>The root's strategy: a child whose state is its children is resumed, any other restarted, one that cannot be built stopped.</summary>
public sealed class GuardSupervisionTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void AResumedChildKeepsItsStateAndARestartedOneStartsAfresh()
    {
        var parent = Sys.ActorOf(Akka.Actor.Props.Create(() => new Parent()));
        parent.Tell("build");
        var (resumed, restarted) = ExpectMsg<(IActorRef, IActorRef)>();

        Assert.Equal(2, CountAfterAThrow(resumed));
        Assert.Equal(0, CountAfterAThrow(restarted));
    }

    /// <summary>One child at a time: two children replying at once would reach the probe in either order.</summary>
    private int CountAfterAThrow(IActorRef child)
    {
        child.Tell(1);
        child.Tell(1);
        child.Tell("throw");
        child.Tell(0);
        return ExpectMsg<int>();
    }

    [Fact]
    public void AChildThatCannotBeBuiltIsStopped()
    {
        var parent = Sys.ActorOf(Akka.Actor.Props.Create(() => new Parent()));
        parent.Tell("unbuildable");
        var child = ExpectMsg<IActorRef>();
        Watch(child);

        ExpectTerminated(child);
    }

    private sealed class Parent : ReceiveActor
    {
        private readonly HashSet<IActorRef> _resumed = [];

        public Parent()
        {
            Receive<string>(m => m == "build", _ =>
            {
                var resumed = Context.ActorOf(Akka.Actor.Props.Create(() => new Counter()), "resumed");
                _resumed.Add(resumed);
                Sender.Tell((resumed, Context.ActorOf(Akka.Actor.Props.Create(() => new Counter()), "restarted")));
            });
            Receive<string>(m => m == "unbuildable", _ => Sender.Tell(Context.ActorOf(Akka.Actor.Props.Create(() => new Unbuildable()))));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new GuardSupervision(_resumed.Contains);
    }

    /// <summary>Adds what it is told; 0 answers the sum so far.</summary>
    private sealed class Counter : ReceiveActor
    {
        private int _sum;

        public Counter()
        {
            Receive<int>(n =>
            {
                if (n == 0)
                {
                    Sender.Tell(_sum);
                }

                _sum += n;
            });
            Receive<string>(_ => throw new InvalidOperationException("fault"));
        }
    }

    private sealed class Unbuildable : ReceiveActor
    {
        public Unbuildable() => throw new InvalidOperationException("cannot be built");
    }
}
