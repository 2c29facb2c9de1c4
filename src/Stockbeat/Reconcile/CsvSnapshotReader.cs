using System.Globalization;
using nietras.SeparatedValues;

namespace Stockbeat.Reconcile;

/// <summary>
/// Reads a CSV snapshot with a header row through Sep: the separator (, ; tab |) is detected from the header, quoted
/// fields are unescaped, fields are trimmed, a byte order mark is skipped. Rows with a missing field, an empty key or
/// a quantity that is not a number are reported as malformed with their line number; blank lines are skipped.
/// </summary>
internal static class CsvSnapshotReader
{
    public static void Read(Stream stream, string path, SnapshotColumns columns, IStockRowSink sink, Action? tick, CancellationToken ct)
    {
        SepReader reader;
        try
        {
            reader = Sep.Reader(o => o with
            {
                Unescape = true,
                Trim = SepTrim.All,
                DisableColCountCheck = true,
                CultureInfo = CultureInfo.InvariantCulture,
            }).From(stream);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw new SnapshotException($"{path}: the header cannot be read: {e.Message}", e);
        }

        using (reader)
        {
            var names = reader.Header.ColNames;
            if (names.Count == 0)
            {
                throw new SnapshotException($"{path}: the file is empty; expected a header row naming the columns");
            }

            var keyIndex = IndexOf(names, n => columns.IsKey(n));
            var quantityIndex = IndexOf(names, n => columns.IsQuantity(n));
            if (keyIndex < 0 || quantityIndex < 0)
            {
                throw columns.Missing(path, "column", names);
            }

            var needed = Math.Max(keyIndex, quantityIndex) + 1;
            var rows = 0;
            foreach (var row in reader)
            {
                if (++rows % ReadProgress.RowsPerTick == 0)
                {
                    ct.ThrowIfCancellationRequested();
                    tick?.Invoke();
                }

                var line = row.LineNumberFrom;
                if (row.ColCount < needed)
                {
                    if (row.ColCount > 1 || !row.Span.IsWhiteSpace())
                    {
                        sink.Malformed(line, Spanning(row, $"missing field: {row.ColCount} of {names.Count} columns"));
                    }

                    continue;
                }

                var sku = row[keyIndex].Span;
                if (sku.IsEmpty)
                {
                    sink.Malformed(line, Spanning(row, "empty sku"));
                    continue;
                }

                var quantity = row[quantityIndex].Span;
                if (!Quantities.TryParse(quantity, out var parsed))
                {
                    sink.Malformed(line, Spanning(row, Quantities.Problem(quantity)));
                    continue;
                }

                sink.Row(sku, parsed, line);
            }
        }
    }

    /// <summary>
    /// Adds the lines a bad row spans when it spans several: a stray quote (<c>Pipe 12"</c> unquoted) opens a quoted
    /// field that runs to the next quote, swallowing the rows between, and the line range is how a user finds it.
    /// </summary>
    private static string Spanning(SepReader.Row row, string reason) =>
        row.LineNumberToExcl - row.LineNumberFrom > 1
            ? $"{reason} (the row spans lines {row.LineNumberFrom}-{row.LineNumberToExcl - 1}: an unbalanced quote?)"
            : reason;

    private static int IndexOf(IReadOnlyList<string> names, Func<string, bool> matches)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (matches(names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
