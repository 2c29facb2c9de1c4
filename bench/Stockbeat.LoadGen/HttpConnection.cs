using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stockbeat.LoadGen;

/// <summary>
/// A minimal HTTP/1.1 client over one socket: writes a prebuilt request, reads one response (Content-Length
/// or chunked body) and reports its status. HttpClient costs several times more CPU per request, and the
/// load generator shares two cores with the server it measures, so every microsecond it spends is taken from
/// the figure.
/// </summary>
internal sealed class HttpConnection : IAsyncDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private HttpConnection(Socket socket) => _socket = socket;

    /// <summary>Whether the server asked to close (or closed) the connection after the last response.</summary>
    public bool Closed { get; private set; }

    public static async Task<HttpConnection> OpenAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new HttpConnection(socket);
    }

    /// <summary>Sends <paramref name="request"/> and returns the status code of its response.</summary>
    public async Task<int> SendAsync(ReadOnlyMemory<byte> request, CancellationToken ct)
    {
        await _socket.SendAsync(request, SocketFlags.None, ct);

        int headerLength;
        while ((headerLength = Span().IndexOf(HeaderEnd)) < 0)
        {
            await FillAsync(ct);
        }

        var headers = Encoding.ASCII.GetString(_buffer, _start, headerLength);
        _start += headerLength + HeaderEnd.Length;
        var status = ParseStatus(headers);
        var chunked = false;
        long contentLength = 0;
        foreach (var line in headers.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                contentLength = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("connection", StringComparison.OrdinalIgnoreCase))
            {
                Closed |= value.Contains("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (chunked)
        {
            await SkipChunkedAsync(ct);
        }
        else
        {
            await SkipAsync(contentLength, ct);
        }

        return status;
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int ParseStatus(string headers)
    {
        // "HTTP/1.1 200 OK"
        if (headers.Length < 12 || !headers.StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(headers.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"Not an HTTP/1.x response: '{headers[..Math.Min(headers.Length, 40)]}'.");
        }

        return status;
    }

    private Span<byte> Span() => _buffer.AsSpan(_start, _end - _start);

    private async Task FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("Response header larger than the read buffer.");
        }

        var n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, ct);
        if (n == 0)
        {
            Closed = true;
            throw new IOException("The server closed the connection.");
        }

        _end += n;
    }

    private async Task SkipAsync(long count, CancellationToken ct)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync(ct);
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async Task SkipChunkedAsync(CancellationToken ct)
    {
        while (true)
        {
            int lineLength;
            while ((lineLength = Span().IndexOf("\r\n"u8)) < 0)
            {
                await FillAsync(ct);
            }

            var sizeText = Span()[..lineLength];
            var semicolon = sizeText.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                sizeText = sizeText[..semicolon];
            }

            if (!Utf8Parser.TryParse(sizeText, out long size, out _, 'x'))
            {
                throw new InvalidDataException("Bad chunk size.");
            }

            _start += lineLength + 2;
            if (size == 0)
            {
                // No trailers are expected; the last chunk ends with an empty line.
                await SkipAsync(2, ct);
                return;
            }

            await SkipAsync(size + 2, ct);
        }
    }
}
