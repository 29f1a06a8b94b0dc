using Akka.Actor;
using Sanctum.Actors.Processes;
using Xunit;

namespace Sanctum.Actors.Tests.Processes;

public sealed class OwnerMessageQueueTests
{
    [Fact]
    public async Task ConcurrentSendersLoseNothingAndEachSenderStaysInOrder()
    {
        const int Senders = 4;
        const int Each = 20_000;
        var queue = new OwnerMessageQueue();
        var received = new List<(int Sender, int Seq)>();
        var producing = Enumerable.Range(0, Senders).Select(sender => Task.Run(() =>
        {
            for (var seq = 0; seq < Each; seq++)
            {
                queue.Enqueue(ActorRefs.Nobody, new Envelope((sender, seq), ActorRefs.NoSender));
            }
        })).ToArray();

        while (received.Count < Senders * Each)
        {
            if (queue.TryDequeue(out var envelope))
            {
                received.Add(((int, int))envelope.Message);
            }
            else if (producing.All(t => t.IsCompleted) && !queue.HasMessages)
            {
                break;
            }
        }

        await Task.WhenAll(producing);
        Assert.Equal(Senders * Each, received.Count);
        Assert.Equal(0, queue.Count);
        foreach (var bySender in received.GroupBy(r => r.Sender))
        {
            Assert.Equal(Enumerable.Range(0, Each), bySender.Select(r => r.Seq));
        }
    }
}
