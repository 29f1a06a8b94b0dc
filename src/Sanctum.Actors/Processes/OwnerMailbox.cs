using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Sanctum.Actors.Processes;

/// <summary>
/// The mailbox of every <see cref="ProcessActor"/> the registry creates: a locked queue that starts empty.
/// Akka's default queue starts with a 32-slot segment, about half of an idle actor's memory; an owner gets a
/// few messages a minute, there is one per live process, and a queue is rarely contended.
/// </summary>
public sealed class OwnerMailbox(Settings settings, Config config) : MailboxType(settings, config), IProducesMessageQueue<OwnerMessageQueue>
{
    public const string Id = "sanctum.owner-mailbox";

    /// <summary>Injected as a fallback by the registry, so no actor system needs it in its own configuration.</summary>
    public static Config Fallback { get; } = ConfigurationFactory.ParseString($"{Id}.mailbox-type = \"{typeof(OwnerMailbox).FullName}, {typeof(OwnerMailbox).Assembly.GetName().Name}\"");

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new OwnerMessageQueue();
}

public sealed class OwnerMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly Queue<Envelope> _queue = new(0);

    public bool HasMessages
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count > 0;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_queue)
        {
            _queue.Enqueue(envelope);
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        lock (_queue)
        {
            return _queue.TryDequeue(out envelope);
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope))
        {
            deadletters.Enqueue(owner, envelope);
        }
    }
}
