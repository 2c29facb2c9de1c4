using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Stockbeat.Reconcile;

/// <summary>
/// Reads a JSON lines snapshot: one object per line, e.g. <c>{"sku":"A-1","quantity":12}</c>. The key may be a string
/// or a number, the quantity a number or a numeric string; field names match case-insensitively and other fields are
/// ignored. A line that is not one JSON object with both fields is reported as malformed; blank lines are skipped.
/// Lines are split in a reused byte buffer and parsed with <see cref="Utf8JsonReader"/>, so no string is made per line.
/// </summary>
internal sealed class JsonLinesSnapshotReader
{
    private const int InitialBufferSize = 64 * 1024;
    private const int MaxFieldName = 256;

    private readonly string _path;
    private readonly SnapshotColumns _columns;
    private readonly IStockRowSink _sink;
    private char[] _sku = new char[64];
    private char[] _text = new char[64];
    private bool _checkedFields;

    private JsonLinesSnapshotReader(string path, SnapshotColumns columns, IStockRowSink sink)
    {
        _path = path;
        _columns = columns;
        _sink = sink;
    }

    public static void Read(Stream stream, string path, SnapshotColumns columns, IStockRowSink sink, Action? tick, CancellationToken ct) =>
        new JsonLinesSnapshotReader(path, columns, sink).ReadAll(stream, tick, ct);

    private void ReadAll(Stream stream, Action? tick, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            int start = 0, end = 0;
            long line = 0;
            var atStart = true;
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                    else
                    {
                        // One line longer than the buffer: grow it.
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, end).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }
                }

                var read = stream.Read(buffer, end, buffer.Length - end);
                if (atStart && read + end >= 3 && buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8))
                {
                    start = 3;
                }

                atStart = false;
                end += read;
                if (read == 0)
                {
                    if (start < end)
                    {
                        ReadLine(buffer.AsSpan(start, end - start), ++line);
                    }

                    return;
                }

                int newline;
                while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
                {
                    ReadLine(buffer.AsSpan(start, newline), ++line);
                    start += newline + 1;
                    if (line % ReadProgress.RowsPerTick == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        tick?.Invoke();
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadLine(ReadOnlySpan<byte> json, long line)
    {
        json = json.Trim(" \t\r"u8);
        if (json.IsEmpty)
        {
            return;
        }

        if (json[0] != (byte)'{')
        {
            if (line == 1 && json[0] == (byte)'[')
            {
                throw new SnapshotException($"{_path}: a JSON array is not supported; write one object per line (JSON lines)");
            }

            _sink.Malformed(line, "not a JSON object");
            return;
        }

        try
        {
            ReadObject(json, line);
        }
        catch (JsonException e)
        {
            _sink.Malformed(line, $"invalid JSON: {e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0]}");
        }
    }

    private void ReadObject(ReadOnlySpan<byte> json, long line)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        reader.Read();
        var skuLength = -1;
        string? problem = null;
        decimal? quantity = null;
        List<string>? fields = _checkedFields ? null : [];
        Span<char> name = stackalloc char[MaxFieldName];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameLength = reader.ValueSpan.Length <= MaxFieldName ? reader.CopyString(name) : -1;
            var field = nameLength < 0 ? [] : name[..nameLength];
            fields?.Add(field.ToString());
            reader.Read();
            if (nameLength >= 0 && _columns.IsKey(field))
            {
                skuLength = ReadSku(ref reader, out var skuProblem);
                problem ??= skuProblem;
            }
            else if (nameLength >= 0 && _columns.IsQuantity(field))
            {
                quantity = ReadQuantity(ref reader, out var quantityProblem);
                problem ??= quantityProblem;
            }
            else
            {
                reader.Skip();
            }
        }

        if (reader.Read())
        {
            _sink.Malformed(line, "more than one JSON value on the line");
            return;
        }

        if (fields is not null)
        {
            // The first object decides whether the fields exist at all, as a CSV header does.
            _checkedFields = true;
            if (!fields.Any(f => _columns.IsKey(f)) || !fields.Any(f => _columns.IsQuantity(f)))
            {
                throw _columns.Missing(_path, "field", fields);
            }
        }

        if (problem is not null || skuLength < 0 || quantity is null)
        {
            _sink.Malformed(line, problem ?? (skuLength < 0 ? $"missing field '{_columns.Key}'" : $"missing field '{_columns.Quantity}'"));
            return;
        }

        _sink.Row(_sku.AsSpan(0, skuLength), quantity.Value, line);
    }

    private int ReadSku(ref Utf8JsonReader reader, out string? problem)
    {
        problem = null;
        int length;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                Ensure(ref _sku, reader.ValueSpan.Length);
                length = reader.CopyString(_sku);
                break;
            case JsonTokenType.Number:
                Ensure(ref _sku, reader.ValueSpan.Length);
                length = Encoding.UTF8.GetChars(reader.ValueSpan, _sku);
                break;
            default:
                reader.Skip();
                problem = $"'{_columns.Key}' is not a string or a number";
                return -1;
        }

        var trimmed = _sku.AsSpan(0, length).Trim();
        if (trimmed.IsEmpty)
        {
            problem = "empty sku";
            return -1;
        }

        trimmed.CopyTo(_sku);
        return trimmed.Length;
    }

    private decimal? ReadQuantity(ref Utf8JsonReader reader, out string? problem)
    {
        problem = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDecimal(out var number) && Quantities.IsInRange(number):
                return number;
            case JsonTokenType.Number:
                Ensure(ref _text, reader.ValueSpan.Length);
                problem = Quantities.OutOfRange(_text.AsSpan(0, Encoding.UTF8.GetChars(reader.ValueSpan, _text)));
                return null;
            case JsonTokenType.String:
                Ensure(ref _text, reader.ValueSpan.Length);
                var text = _text.AsSpan(0, reader.CopyString(_text));
                if (Quantities.TryParse(text, out var parsed))
                {
                    return parsed;
                }

                problem = Quantities.Problem(text);
                return null;
            default:
                reader.Skip();
                problem = reader.TokenType == JsonTokenType.Null ? "empty quantity" : "quantity is not a number";
                return null;
        }
    }

    private static void Ensure(ref char[] buffer, int utf8Length)
    {
        // A UTF-8 string never decodes to more chars than it has bytes.
        if (buffer.Length < utf8Length)
        {
            buffer = new char[Math.Max(utf8Length, buffer.Length * 2)];
        }
    }
}
