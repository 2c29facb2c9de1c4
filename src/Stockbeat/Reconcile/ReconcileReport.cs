using System.Text;
using System.Text.Json;
using Stockbeat.Core.Reconciliation;

namespace Stockbeat.Reconcile;

/// <summary>The counts of a reconciliation as a run report (the JSON body of the finish ping).</summary>
internal static class ReconcileReport
{
    /// <summary>
    /// <c>total</c> (distinct SKUs), <c>discrepancies</c>, <c>negative_salable</c> (SKUs the store shows below zero:
    /// sold without stock, which always pages), <c>oversold</c> (those plus SKUs the store offers beyond the ERP's
    /// stock, a warning-level number), custom metrics for every other count, and the summary text as <c>log</c>.
    /// </summary>
    public static string Json(ReconciliationCounts counts, string log) => Object(json =>
    {
        json.WriteNumber("total", counts.DistinctSkus);
        json.WriteNumber("discrepancies", counts.Discrepancies);
        json.WriteNumber("negative_salable", counts.NegativeInTarget);
        json.WriteNumber("oversold", counts.Oversold);
        json.WriteNumber("discrepancy_rate", counts.DiscrepancyRate);
        json.WriteNumber("matched", counts.Matched);
        json.WriteNumber("equal", counts.Equal);
        json.WriteNumber("quantity_differs", counts.QuantityDiffers);
        json.WriteNumber("missing_in_target", counts.MissingInTarget);
        json.WriteNumber("missing_in_source", counts.MissingInSource);
        json.WriteNumber("duplicates", counts.Duplicates);
        json.WriteNumber("malformed", counts.Malformed);
        json.WriteNumber("source_rows", counts.SourceRows);
        json.WriteNumber("target_rows", counts.TargetRows);
        json.WriteString("log", log);
    });

    /// <summary>The report of a run that could not read its input: only the error, as the log.</summary>
    public static string Error(string message) => Object(json => json.WriteString("log", message));

    private static string Object(Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            fields(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
