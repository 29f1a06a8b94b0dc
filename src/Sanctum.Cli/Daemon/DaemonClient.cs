using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Sanctum.Cli.Daemon;

/// <summary>The daemon cannot be reached (exit 2).</summary>
public sealed class DaemonUnreachableException(string message) : Exception(message);

/// <summary>The daemon answered <c>{"ok":false,"error":…}</c> (exit 1).</summary>
public sealed class DaemonErrorException(string message) : Exception(message);

/// <summary>
/// One connection to sanctumd's Unix socket: one JSON line out, one JSON line back per request, each within
/// <see cref="Timeout"/>. Loads no actor code, so a socket command starts fast.
/// </summary>
public sealed class DaemonClient : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly NetworkStream _stream;

    private DaemonClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public string Path { get; private init; } = "";

    public static DaemonClient Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        {
            SendTimeout = (int)Timeout.TotalMilliseconds,
            ReceiveTimeout = (int)Timeout.TotalMilliseconds,
        };
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return new DaemonClient(socket) { Path = path };
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new DaemonUnreachableException($"cannot reach sanctumd at {path}: {e.Message} (is it running? --socket names another path)");
        }
    }

    /// <summary>Sends <c>{"command":…, args}</c> and returns the reply's <c>data</c> as JSON text.</summary>
    public string Request(string command, Action<Utf8JsonWriter>? args = null)
    {
        var line = new MemoryStream();
        using (var w = new Utf8JsonWriter(line))
        {
            w.WriteStartObject();
            w.WriteString("command", command);
            args?.Invoke(w);
            w.WriteEndObject();
        }

        line.WriteByte((byte)'\n');
        IOException? sendFailed = null;
        try
        {
            _stream.Write(line.GetBuffer(), 0, (int)line.Length);
        }
        catch (IOException e)
        {
            // The daemon may have answered and closed before reading (a refusal on connect): its reply is still there to read.
            sendFailed = e;
        }

        string? reply;
        try
        {
            reply = _reader.ReadLine();
        }
        catch (IOException e)
        {
            throw new DaemonUnreachableException(sendFailed is null
                ? $"sanctumd at {Path} did not answer within {Timeout.TotalSeconds:0} s: {Why(e)}"
                : $"could not send to sanctumd at {Path}: {Why(sendFailed)}");
        }

        if (reply is null)
        {
            throw new DaemonUnreachableException(sendFailed is null
                ? $"sanctumd at {Path} closed the connection without an answer"
                : $"could not send to sanctumd at {Path}: {Why(sendFailed)}");
        }

        using var document = JsonDocument.Parse(reply);
        var root = document.RootElement;
        if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True && root.TryGetProperty("data", out var data))
        {
            return data.GetRawText();
        }

        throw new DaemonErrorException(root.TryGetProperty("error", out var error) ? error.GetString() ?? "error" : "malformed reply: " + reply);
    }

    private static string Why(IOException e) => e.InnerException?.Message ?? e.Message;

    public void Dispose()
    {
        _reader.Dispose();
        _stream.Dispose();
        _socket.Dispose();
    }
}
