using System.Globalization;
using System.Text;
using Stockbeat.Core.Reconciliation;

namespace Stockbeat.Reconcile;

/// <summary>The summary printed on stdout (and sent as the report's log).</summary>
internal static class ReconcileSummary
{
    public static string Format(
        string source, string target, StockReconciliation reconciliation, double? failAbove, string? output)
    {
        var c = reconciliation.Counts;
        var text = new StringBuilder();
        Line(text, $"Reconciled {source} ({N(c.SourceRows)} rows) against {target} ({N(c.TargetRows)} rows)");
        Row(text, "distinct SKUs", N(c.DistinctSkus));
        Row(text, "matched", N(c.Matched));
        Row(text, "equal", N(c.Equal));
        Row(text, "quantity differs", N(c.QuantityDiffers));
        Row(text, "missing in target", N(c.MissingInTarget));
        Row(text, "missing in source", N(c.MissingInSource));
        Row(text, "oversold", N(c.Oversold));
        Row(text, "duplicates", $"{N(c.Duplicates)} (source {N(c.DuplicatesInSource)}, target {N(c.DuplicatesInTarget)})");
        Row(text, "malformed", $"{N(c.Malformed)} (source {N(c.MalformedInSource)}, target {N(c.MalformedInTarget)})");
        Row(text, "discrepancies", $"{N(c.Discrepancies)} ({Percent(c.DiscrepancyRate)} of distinct SKUs)");
        if (reconciliation.MalformedSamples.Count > 0)
        {
            Line(text, $"Malformed rows (first {reconciliation.MalformedSamples.Count}):");
            foreach (var row in reconciliation.MalformedSamples)
            {
                Line(text, $"  {Name(row.Side, source, target)} line {N(row.Line)}: {row.Reason}");
            }
        }

        if (reconciliation.DuplicateSamples.Count > 0)
        {
            Line(text, $"Duplicate rows, ignored (first {reconciliation.DuplicateSamples.Count}):");
            foreach (var row in reconciliation.DuplicateSamples)
            {
                Line(text, $"  {Name(row.Side, source, target)} line {N(row.Line)}: SKU \"{Quantities.Shorten(row.Sku)}\" already on line {N(row.FirstLine)}");
            }
        }

        if (output is not null)
        {
            Line(text, $"Discrepancies written to {output}");
        }

        if (failAbove is { } limit)
        {
            Line(text, c.DiscrepancyRate > limit
                ? $"FAILED: the discrepancy rate {Percent(c.DiscrepancyRate)} is above {Percent(limit)}"
                : $"OK: the discrepancy rate {Percent(c.DiscrepancyRate)} is within {Percent(limit)}");
        }

        return text.ToString();
    }

    public static string Percent(double fraction) =>
        (fraction * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    private static string N(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Name(StockSide side, string source, string target) =>
        Path.GetFileName(side == StockSide.Source ? source : target);

    private static void Row(StringBuilder text, string label, string value) => Line(text, $"  {label,-18} {value}");

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');
}
