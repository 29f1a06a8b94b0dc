using System.Net.Sockets;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Sanctum.Actors.Gateway;

namespace Sanctum.Daemon.Cli;

/// <param name="Idle">How long a connection may wait for its next request.</param>
/// <param name="Answer">How long the gateway has to answer a request.</param>
/// <param name="Write">How long a reply may take to be taken by the client.</param>
public sealed record CliConnectionLimits(TimeSpan Idle, TimeSpan Answer, TimeSpan Write);

/// <summary>
/// One client connection: checks the peer's uid, then answers one reply line per request line until the
/// client closes, stays silent for <c>idle</c> (or is shed for a newcomer while silent, <see cref="ClientSlots"/>), does not take a reply within <c>write</c>, or sends a line over
/// the limit. Errors are replies, never crashes.
/// </summary>
public static class CliConnection
{
    public static async Task ServeAsync(Socket socket, ClientSlot slot, IActorRef gateway, CliConnectionLimits limits, ILogger log, CancellationToken stopping)
    {
        using (slot)
        using (socket)
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            try
            {
                var uid = PeerCredentials.PeerUid(socket);
                if (uid != PeerCredentials.DaemonUid)
                {
                    log.LogWarning("refused a sanctum client connection from uid {Uid}", uid);
                    await SendAsync(stream, CliReply.Failure("refused: only the daemon's own user may connect"), limits.Write, stopping);
                    return;
                }

                var reader = new LineReader(stream, CliRequestParser.MaxRequestBytes);
                while (true)
                {
                    RequestLine? line;
                    using (var silence = CancellationTokenSource.CreateLinkedTokenSource(stopping, slot.Shed))
                    {
                        silence.CancelAfter(limits.Idle);
                        slot.Waiting();
                        try
                        {
                            line = await reader.ReadLineAsync(silence.Token);
                        }
                        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                        {
                            var why = slot.Shed.IsCancellationRequested
                                ? "every connection is taken and this one was the idlest; closing to make room"
                                : $"no request within {limits.Idle.TotalSeconds:0} s; closing";
                            await SendAsync(stream, CliReply.Failure(why), limits.Write, stopping);
                            return;
                        }

                        slot.Busy();
                    }

                    if (line is null)
                    {
                        return;
                    }

                    var parsed = CliRequestParser.Parse(line.Bytes.Span);
                    var reply = parsed.Request is { } request ? await Answer(gateway, request, limits.Answer) : CliReply.Failure(parsed.Error!);
                    await SendAsync(stream, reply, limits.Write, stopping);
                    if (line.Oversize)
                    {
                        return;
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client went away or the daemon is stopping: nothing to answer.
            }
        }
    }

    private static async Task SendAsync(NetworkStream stream, CliReply reply, TimeSpan timeout, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        await stream.WriteAsync(CliReplyLine.Encode(reply), deadline.Token);
    }

    private static async Task<CliReply> Answer(IActorRef gateway, CliRequest request, TimeSpan timeout)
    {
        try
        {
            return await gateway.Ask<CliReply>(request, timeout);
        }
        catch (AskTimeoutException)
        {
            return CliReply.Failure("the daemon did not answer in time");
        }
    }
}
