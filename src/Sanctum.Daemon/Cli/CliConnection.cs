using System.Net.Sockets;
using Akka.Actor;
using Microsoft.Extensions.Logging;
using Sanctum.Actors.Gateway;

namespace Sanctum.Daemon.Cli;

/// <summary>
/// One client connection: checks the peer's uid, then answers one reply line per request line until the
/// client closes, stays silent for <c>idle</c>, or sends a line over the limit. Errors are replies, never crashes.
/// </summary>
public static class CliConnection
{
    public static async Task ServeAsync(Socket socket, IActorRef gateway, TimeSpan idle, TimeSpan answerTimeout, ILogger log, CancellationToken stopping)
    {
        using (socket)
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            try
            {
                var uid = PeerCredentials.PeerUid(socket);
                if (uid != PeerCredentials.DaemonUid)
                {
                    log.LogWarning("refused a sanctum client connection from uid {Uid}", uid);
                    await stream.WriteAsync(CliReplyLine.Encode(CliReply.Failure("refused: only the daemon's own user may connect")), stopping);
                    return;
                }

                var reader = new LineReader(stream, CliRequestParser.MaxRequestBytes);
                while (true)
                {
                    RequestLine? line;
                    using (var silence = CancellationTokenSource.CreateLinkedTokenSource(stopping))
                    {
                        silence.CancelAfter(idle);
                        try
                        {
                            line = await reader.ReadLineAsync(silence.Token);
                        }
                        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                        {
                            await stream.WriteAsync(CliReplyLine.Encode(CliReply.Failure($"no request within {idle.TotalSeconds:0} s; closing")), stopping);
                            return;
                        }
                    }

                    if (line is null)
                    {
                        return;
                    }

                    var parsed = CliRequestParser.Parse(line.Bytes.Span);
                    var reply = parsed.Request is { } request ? await Answer(gateway, request, answerTimeout) : CliReply.Failure(parsed.Error!);
                    await stream.WriteAsync(CliReplyLine.Encode(reply), stopping);
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
