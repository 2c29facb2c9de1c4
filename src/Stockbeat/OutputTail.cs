using System.Text;

namespace Stockbeat;

/// <summary>The last <see cref="Capacity"/> bytes of a command's combined output, for the finish ping's log.</summary>
internal sealed class OutputTail(int capacity = OutputTail.DefaultCapacity)
{
    // The server's default ping body limit: it keeps a body's first bytes, so a longer tail would lose its newest output.
    public const int DefaultCapacity = 10_000;

    private readonly byte[] _buffer = new byte[capacity];
    private long _written;

    public int Capacity => _buffer.Length;

    /// <summary>How many bytes were appended in all.</summary>
    public long Written
    {
        get
        {
            lock (_buffer)
            {
                return _written;
            }
        }
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        lock (_buffer)
        {
            if (bytes.Length > _buffer.Length)
            {
                // Only the last bytes can be kept: skip the rest as if it had been written and overwritten.
                _written += bytes.Length - _buffer.Length;
                bytes = bytes[^_buffer.Length..];
            }

            var start = (int)(_written % _buffer.Length);
            var first = Math.Min(bytes.Length, _buffer.Length - start);
            bytes[..first].CopyTo(_buffer.AsSpan(start));
            bytes[first..].CopyTo(_buffer);
            _written += bytes.Length;
        }
    }

    /// <summary>The kept bytes as text; a character cut in two at the start is dropped.</summary>
    public override string ToString() => Last(Capacity);

    /// <summary>The last <paramref name="count"/> kept bytes (or all there are) as text; a character cut in two at the start is dropped.</summary>
    public string Last(int count)
    {
        byte[] bytes;
        bool cut;
        lock (_buffer)
        {
            var take = (int)Math.Clamp(count, 0, Math.Min(_written, _buffer.Length));
            var start = (int)((_written - take) % _buffer.Length);
            var first = Math.Min(take, _buffer.Length - start);
            bytes = [.. _buffer.AsSpan(start, first), .. _buffer.AsSpan(0, take - first)];
            cut = _written > take;
        }

        var skip = 0;

        // UTF-8 continuation bytes (10xxxxxx) at the start belong to a character that was cut off.
        while (cut && skip < Math.Min(3, bytes.Length) && (bytes[skip] & 0xC0) == 0x80)
        {
            skip++;
        }

        return Encoding.UTF8.GetString(bytes, skip, bytes.Length - skip);
    }
}
