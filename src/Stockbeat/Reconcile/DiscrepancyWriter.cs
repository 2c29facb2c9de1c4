using System.Text.Json;
using nietras.SeparatedValues;
using Stockbeat.Core.Reconciliation;

namespace Stockbeat.Reconcile;

/// <summary>
/// Writes discrepancies as they are found, in the format the file's extension names: <c>.csv</c> (comma separated,
/// quoted where needed), <c>.json</c> (one array) or <c>.jsonl</c>/<c>.ndjson</c> (one object per line). Every format
/// has the fields sku, source, target, diff and kind; a missing side is empty (CSV) or null (JSON).
/// </summary>
internal abstract class DiscrepancyWriter : IDisposable
{
    public static readonly string[] Extensions = [".csv", ".json", ".jsonl", ".ndjson"];

    private static readonly string[] Columns = ["sku", "source", "target", "diff", "kind"];

    /// <summary>Whether <paramref name="path"/> ends with an extension this writer knows.</summary>
    public static bool IsSupported(string path) =>
        Extensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the file (replacing it) and a writer for its extension.</summary>
    /// <exception cref="SnapshotException">The file cannot be created.</exception>
    public static DiscrepancyWriter Create(string path)
    {
        if (!IsSupported(path))
        {
            throw new SnapshotException($"{path}: unknown output format; use {string.Join(", ", Extensions)}");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SnapshotException($"{path}: cannot create: {e.Message}", e);
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => new CsvDiscrepancyWriter(stream),
            ".json" => new JsonDiscrepancyWriter(stream, lines: false),
            _ => new JsonDiscrepancyWriter(stream, lines: true),
        };
    }

    public abstract void Write(in Discrepancy discrepancy);

    public abstract void Dispose();

    private sealed class CsvDiscrepancyWriter : DiscrepancyWriter
    {
        private readonly StreamWriter _text;
        private readonly SepWriter _writer;

        public CsvDiscrepancyWriter(Stream stream)
        {
            _text = new StreamWriter(stream);
            _writer = Sep.New(',').Writer(o => o with { Escape = true }).To(_text);
            // Written now, so that a run without discrepancies still leaves a file with its header.
            _writer.Header.Add(Columns);
            _writer.Header.Write();
        }

        public override void Write(in Discrepancy discrepancy)
        {
            using var row = _writer.NewRow();
            row["sku"].Set(discrepancy.Sku);
            row["source"].Set(Optional(discrepancy.Source));
            row["target"].Set(Optional(discrepancy.Target));
            row["diff"].Set(Optional(discrepancy.Diff));
            row["kind"].Set(discrepancy.Kind.ToWire());
        }

        public override void Dispose()
        {
            _writer.Dispose();
            _text.Dispose();
        }

        private static string Optional(decimal? value) => value is { } v ? Quantities.Format(v) : "";
    }

    private sealed class JsonDiscrepancyWriter : DiscrepancyWriter
    {
        private readonly Stream _stream;
        private readonly Utf8JsonWriter _writer;
        private readonly bool _lines;

        public JsonDiscrepancyWriter(Stream stream, bool lines)
        {
            _stream = stream;
            _lines = lines;
            _writer = new Utf8JsonWriter(stream);
            if (!lines)
            {
                _writer.WriteStartArray();
            }
        }

        public override void Write(in Discrepancy discrepancy)
        {
            _writer.WriteStartObject();
            _writer.WriteString("sku", discrepancy.Sku);
            WriteQuantity("source", discrepancy.Source);
            WriteQuantity("target", discrepancy.Target);
            WriteQuantity("diff", discrepancy.Diff);
            _writer.WriteString("kind", discrepancy.Kind.ToWire());
            _writer.WriteEndObject();
            if (_lines)
            {
                _writer.Flush();
                _stream.WriteByte((byte)'\n');
                // Without a reset the writer would put a comma before the next top-level object.
                _writer.Reset();
            }
        }

        public override void Dispose()
        {
            if (!_lines)
            {
                _writer.WriteEndArray();
            }

            _writer.Dispose();
            _stream.Dispose();
        }

        private void WriteQuantity(string name, decimal? value)
        {
            if (value is { } v)
            {
                _writer.WritePropertyName(name);
                _writer.WriteRawValue(Quantities.Format(v), skipInputValidation: true);
            }
            else
            {
                _writer.WriteNull(name);
            }
        }
    }
}
