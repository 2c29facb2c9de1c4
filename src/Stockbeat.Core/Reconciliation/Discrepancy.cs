namespace Stockbeat.Core.Reconciliation;

/// <summary>A SKU whose stock does not reconcile.</summary>
/// <param name="Sku">The key, as read.</param>
/// <param name="Source">The source quantity; null when the SKU is missing in the source.</param>
/// <param name="Target">The target quantity; null when the SKU is missing in the target.</param>
/// <param name="Kind">Why it is listed.</param>
public readonly record struct Discrepancy(string Sku, decimal? Source, decimal? Target, DiscrepancyKind Kind)
{
    /// <summary>Target minus source: positive when the store shows more than the ERP. Null when a side is missing.</summary>
    public decimal? Diff => Target - Source;
}

/// <summary>A row that could not be used: a bad number, a missing field or an empty key.</summary>
/// <param name="Side">The snapshot it is in.</param>
/// <param name="Line">Its line number in the file (1 is the first line, the header of a CSV file).</param>
/// <param name="Reason">What is wrong, e.g. <c>quantity "abc" is not a number</c>.</param>
public sealed record MalformedRow(StockSide Side, long Line, string Reason);

/// <summary>A second (or later) row for a SKU already seen on the same side; the first row wins.</summary>
/// <param name="Side">The snapshot it is in.</param>
/// <param name="Sku">The repeated key.</param>
/// <param name="Line">The line of the ignored row.</param>
/// <param name="FirstLine">The line of the row that is used.</param>
public sealed record DuplicateRow(StockSide Side, string Sku, long Line, long FirstLine);
