namespace Sanctum.Daemon.Cli;

/// <param name="Oversize">The line went on past the limit: <see cref="Bytes"/> holds its first limit + 1 bytes.</param>
public sealed record RequestLine(ReadOnlyMemory<byte> Bytes, bool Oversize);

/// <summary>Reads newline-ended lines of at most <c>limit</c> bytes; never buffers more than limit + one read.</summary>
public sealed class LineReader(Stream stream, int limit)
{
    private readonly byte[] _chunk = new byte[4096];
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;

    /// <summary>The next line without its newline; null at the end of the stream.</summary>
    public async Task<RequestLine?> ReadLineAsync(CancellationToken cancel)
    {
        _line.SetLength(0);
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await stream.ReadAsync(_chunk, cancel);
                if (_end == 0)
                {
                    return _line.Length > 0 ? new RequestLine(_line.ToArray(), false) : null;
                }
            }

            var newline = Array.IndexOf(_chunk, (byte)'\n', _start, _end - _start);
            var take = (newline < 0 ? _end : newline) - _start;
            var room = limit + 1 - (int)_line.Length;
            _line.Write(_chunk, _start, Math.Min(take, room));
            if (_line.Length > limit)
            {
                return new RequestLine(_line.ToArray(), true);
            }

            _start += take;
            if (newline >= 0)
            {
                _start++;
                return new RequestLine(_line.ToArray(), false);
            }
        }
    }
}
