namespace Stockbeat.Core.Reconciliation;

/// <summary>The numbers of one reconciliation.</summary>
/// <param name="SourceRows">Usable source rows, duplicates included.</param>
/// <param name="TargetRows">Usable target rows, duplicates included.</param>
/// <param name="DistinctSkus">SKUs on either side, each counted once.</param>
/// <param name="Matched">SKUs on both sides.</param>
/// <param name="Equal">Matched SKUs with the same quantity.</param>
/// <param name="QuantityDiffers">Matched SKUs with different quantities (oversold ones included).</param>
/// <param name="MissingInTarget">SKUs in the source only.</param>
/// <param name="MissingInSource">SKUs in the target only.</param>
/// <param name="Oversold">SKUs the store can oversell (see <see cref="DiscrepancyKind.Oversold"/>).</param>
/// <param name="DuplicatesInSource">Source rows ignored because their SKU came earlier in the source.</param>
/// <param name="DuplicatesInTarget">Target rows ignored because their SKU came earlier in the target.</param>
/// <param name="MalformedInSource">Source rows that could not be read.</param>
/// <param name="MalformedInTarget">Target rows that could not be read.</param>
/// <param name="NegativeInTarget">SKUs whose store quantity is below zero: sold without stock (part of <paramref name="Oversold"/>).</param>
public sealed record ReconciliationCounts(
    long SourceRows,
    long TargetRows,
    long DistinctSkus,
    long Matched,
    long Equal,
    long QuantityDiffers,
    long MissingInTarget,
    long MissingInSource,
    long Oversold,
    long DuplicatesInSource,
    long DuplicatesInTarget,
    long MalformedInSource,
    long MalformedInTarget,
    long NegativeInTarget = 0)
{
    /// <summary>SKUs that do not reconcile: quantity differs, missing in target, missing in source.</summary>
    public long Discrepancies => QuantityDiffers + MissingInTarget + MissingInSource;

    /// <summary>Duplicate rows on both sides.</summary>
    public long Duplicates => DuplicatesInSource + DuplicatesInTarget;

    /// <summary>Malformed rows on both sides.</summary>
    public long Malformed => MalformedInSource + MalformedInTarget;

    /// <summary><see cref="Discrepancies"/> / <see cref="DistinctSkus"/> as a fraction (0.005 is 0.5 %); 0 when there are no SKUs.</summary>
    public double DiscrepancyRate => DistinctSkus == 0 ? 0 : (double)Discrepancies / DistinctSkus;
}
