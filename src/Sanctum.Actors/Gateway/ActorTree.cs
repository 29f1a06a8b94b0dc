using Akka.Actor;

namespace Sanctum.Actors.Gateway;

/// <summary>The live hierarchy under <c>/user</c>, read from the actor cells like <c>pbm actor hierarchy</c>.</summary>
public static class ActorTree
{
    /// <summary>A host may have ten thousand ProcessActors: past <paramref name="cap"/> children only a count is given.</summary>
    public static ActorNode Walk(ActorSystem system, int cap) => Node(((ExtendedActorSystem)system).Guardian, cap);

    private static ActorNode Node(IActorRef actor, int cap)
    {
        var path = actor.Path.ToStringWithoutAddress();
        if (actor is not ActorRefWithCell { Underlying: var cell })
        {
            return new ActorNode(path, actor.GetType().Name, [], 0);
        }

        var children = cell.ChildrenContainer.Children.OrderBy(c => c.Path.Name, StringComparer.Ordinal).ToArray();
        return new ActorNode(path, cell.Props.Type.Name, [.. children.Take(cap).Select(c => Node(c, cap))], Math.Max(0, children.Length - cap));
    }
}
