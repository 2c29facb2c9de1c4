using System.Text;

namespace Stockbeat;

/// <summary>The last <see cref="Capacity"/> bytes of a command's combined output, for the finish ping's log.</summary>
internal sealed class OutputTail(int capacity = OutputTail.DefaultCapacity)
{
    public const int DefaultCapacity = 10 * 1024;

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
    public override string ToString()
    {
        byte[] bytes;
        bool wrapped;
        lock (_buffer)
        {
            wrapped = _written > _buffer.Length;
            var start = (int)(_written % _buffer.Length);
            bytes = wrapped ? [.. _buffer[start..], .. _buffer[..start]] : _buffer[..(int)_written];
        }

        var skip = 0;

        // UTF-8 continuation bytes (10xxxxxx) at the start belong to a character that was cut off.
        while (wrapped && skip < Math.Min(3, bytes.Length) && (bytes[skip] & 0xC0) == 0x80)
        {
            skip++;
        }

        return Encoding.UTF8.GetString(bytes, skip, bytes.Length - skip);
    }
}
