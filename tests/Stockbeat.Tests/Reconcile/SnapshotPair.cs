using System.Globalization;
using System.Text;

namespace Stockbeat.Tests.Reconcile;

/// <summary>The file formats <see cref="SnapshotPair"/> writes.</summary>
public enum SnapshotFormat
{
    /// <summary>Source: comma separated, <c>sku,quantity</c>. Target: semicolons, a BOM, <c>Name;SKU;Quantity</c>.</summary>
    Csv,

    /// <summary>Both sides as JSON lines (<c>{"sku":…,"quantity":…}</c>), the target with a BOM and CRLF line ends.</summary>
    JsonLines,
}

/// <summary>
/// Writes an ERP snapshot (source) and a store snapshot (target) of <c>skus</c> SKUs with discrepancies at known
/// positions, so that tests and the benchmark know every count in advance. For SKU number i, with quantity i % 500:
/// <list type="bullet">
/// <item>i % 2000 == 3: missing in the target;</item>
/// <item>i % 1000 == 1: the store has one less (a quantity difference); i % 1000 == 2: one more (oversold);</item>
/// <item>i % 5000 == 4: the store lists it twice; i % 10000 == 5: the ERP lists it twice;</item>
/// <item>i % 4000 == 6: a store row with a quantity that is not a number comes before it;
/// i % 8000 == 7: an ERP row with an empty SKU comes after it;</item>
/// <item>and the store has skus * 7 / 10000 SKUs of its own (missing in the source).</item>
/// </list>
/// For 1 000 000 SKUs: 1 000 700 distinct, 999 500 matched, 997 500 equal, 2 000 quantity differences (1 000 of them
/// oversold), 500 missing in the target, 700 missing in the source, duplicates 100 (source) and 200 (target),
/// malformed 125 (source) and 250 (target).
/// </summary>
internal static class SnapshotPair
{
    /// <summary>Writes <c>erp.*</c> and <c>store.*</c> into <paramref name="folder"/> and returns their paths.</summary>
    public static (string Source, string Target) Write(string folder, int skus, SnapshotFormat format = SnapshotFormat.Csv)
    {
        var json = format == SnapshotFormat.JsonLines;
        var source = Path.Combine(folder, json ? "erp.jsonl" : "erp.csv");
        var target = Path.Combine(folder, json ? "store.jsonl" : "store.csv");
        using (var erp = new StreamWriter(source, append: false, new UTF8Encoding(false), 1 << 16))
        {
            erp.NewLine = "\n";
            if (!json)
            {
                erp.WriteLine("sku,quantity");
            }

            for (var i = 0; i < skus; i++)
            {
                var quantity = i % 500;
                WriteRow(erp, json, Sku(i), quantity.ToString(CultureInfo.InvariantCulture), name: null, ',');
                if (i % 10000 == 5)
                {
                    WriteRow(erp, json, Sku(i), (quantity + 7).ToString(CultureInfo.InvariantCulture), name: null, ',');
                }

                if (i % 8000 == 7)
                {
                    WriteRow(erp, json, "", "3", name: null, ',');
                }
            }
        }

        using (var store = new StreamWriter(target, append: false, new UTF8Encoding(true), 1 << 16))
        {
            store.NewLine = json ? "\r\n" : "\n";
            if (!json)
            {
                store.WriteLine("Name;SKU;Quantity");
            }

            for (var i = 0; i < skus; i++)
            {
                if (i % 4000 == 6)
                {
                    WriteRow(store, json, $"BAD-{i}", "not-a-number", "broken row", ';');
                }

                if (i % 2000 == 3)
                {
                    continue;
                }

                var quantity = (i % 500) + (i % 1000) switch { 1 => -1, 2 => 1, _ => 0 };
                WriteRow(store, json, Sku(i), quantity.ToString(CultureInfo.InvariantCulture), $"Item \"{i}\"; size M", ';');
                if (i % 5000 == 4)
                {
                    WriteRow(store, json, Sku(i), "100", "again", ';');
                }
            }

            for (var j = 0; j < skus * 7L / 10000; j++)
            {
                WriteRow(store, json, $"EXTRA-{j}", (j % 50).ToString(CultureInfo.InvariantCulture), "store only", ';');
            }
        }

        return (source, target);
    }

    public static string Sku(int i) => $"SKU-{i:D7}";

    private static void WriteRow(StreamWriter writer, bool json, string sku, string quantity, string? name, char separator)
    {
        if (json)
        {
            var number = decimal.TryParse(quantity, CultureInfo.InvariantCulture, out _);
            writer.Write("{\"sku\":\"");
            writer.Write(sku);
            writer.Write(number ? "\",\"quantity\":" : "\",\"quantity\":\"");
            writer.Write(quantity);
            writer.WriteLine(number ? "}" : "\"}");
            return;
        }

        if (name is not null)
        {
            // Quoted, with an escaped quote and the separator inside, as spreadsheet exports write names.
            writer.Write('"');
            writer.Write(name.Replace("\"", "\"\"", StringComparison.Ordinal));
            writer.Write('"');
            writer.Write(separator);
        }

        writer.Write(sku);
        writer.Write(separator);
        writer.WriteLine(quantity);
    }
}
