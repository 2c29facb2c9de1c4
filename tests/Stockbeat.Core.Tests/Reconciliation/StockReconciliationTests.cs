using System.Globalization;
using Stockbeat.Core.Reconciliation;

namespace Stockbeat.Core.Tests.Reconciliation;

public sealed class StockReconciliationTests
{
    // Rows are written "SKU=quantity", separated by spaces, in file order; line numbers are their positions (from 2,
    // after a header). Expected discrepancies are "SKU:kind", in the order they are produced.
    [Theory]
    // Nothing to compare.
    [InlineData("", "", "", 0, 0, 0, 0, 0, 0)]
    // Equal quantities.
    [InlineData("A=5 B=3", "A=5 B=3", "", 2, 2, 0, 0, 0, 0)]
    [InlineData("A=12.000", "A=12", "", 1, 1, 0, 0, 0, 0)]
    // The store shows less than the ERP: a difference, not overselling.
    [InlineData("A=3", "A=5", "A:quantity_differs", 1, 0, 1, 0, 0, 0)]
    // The store shows more than the ERP holds: oversold.
    [InlineData("A=7", "A=5", "A:oversold", 1, 0, 1, 0, 0, 1)]
    [InlineData("A=1", "A=-2", "A:oversold", 1, 0, 1, 0, 0, 1)]
    // The store is below zero: oversold, even when the ERP agrees.
    [InlineData("A=-2", "A=3", "A:oversold", 1, 0, 1, 0, 0, 1)]
    [InlineData("A=-1", "A=-1", "A:oversold", 1, 1, 0, 0, 0, 1)]
    // The store sells nothing while the ERP is below zero: a difference only.
    [InlineData("A=0", "A=-2", "A:quantity_differs", 1, 0, 1, 0, 0, 0)]
    // One side only.
    [InlineData("", "A=1", "A:missing_in_target", 0, 0, 0, 1, 0, 0)]
    [InlineData("A=1", "", "A:missing_in_source", 0, 0, 0, 0, 1, 0)]
    [InlineData("A=-1", "", "A:oversold", 0, 0, 0, 0, 1, 1)]
    [InlineData("B=1 C=2", "A=1 B=1", "A:missing_in_target C:missing_in_source", 1, 1, 0, 1, 1, 0)]
    // SKUs are compared exactly, case included.
    [InlineData("a=1", "A=1", "A:missing_in_target a:missing_in_source", 0, 0, 0, 1, 1, 0)]
    // Duplicates: the first row wins.
    [InlineData("A=1 A=2", "A=1", "", 1, 1, 0, 0, 0, 0)]
    [InlineData("A=1", "A=1 A=2", "", 1, 1, 0, 0, 0, 0)]
    [InlineData("", "A=1 A=2", "A:missing_in_target", 0, 0, 0, 1, 0, 0)]
    public void Reconcile_FindsDiscrepanciesAndCounts_WhenComparingSnapshots(
        string target, string source, string expected, long matched, long equal, long quantityDiffers,
        long missingInTarget, long missingInSource, long oversold)
    {
        var (reconciliation, found) = Reconcile(target, source);

        Assert.Equal(expected, string.Join(' ', found.Select(d => $"{d.Sku}:{d.Kind.ToWire()}")));
        var counts = reconciliation.Counts;
        Assert.Equal(
            (matched, equal, quantityDiffers, missingInTarget, missingInSource, oversold),
            (counts.Matched, counts.Equal, counts.QuantityDiffers, counts.MissingInTarget, counts.MissingInSource, counts.Oversold));
        Assert.Equal(quantityDiffers + missingInTarget + missingInSource, counts.Discrepancies);
    }

    [Theory]
    // Only a store quantity below zero is sold without stock; more than the ERP holds is oversold, not negative.
    [InlineData("A=7", "A=5", 1, 0)]
    [InlineData("A=-2 B=-1", "A=3", 2, 2)]
    [InlineData("A=-1 B=9 C=4", "A=-1 B=2 C=4", 2, 1)]
    public void Reconcile_CountsNegativeStoreQuantities_ApartFromOversold(string target, string source, long oversold, long negative)
    {
        var (reconciliation, _) = Reconcile(target, source);

        Assert.Equal((oversold, negative), (reconciliation.Counts.Oversold, reconciliation.Counts.NegativeInTarget));
    }

    [Theory]
    [InlineData("A=1 A=2 A=3", "", 2, 0)]
    [InlineData("", "A=1 A=2", 0, 1)]
    [InlineData("A=1", "A=1 A=1 B=1 B=1", 0, 2)]
    public void Reconcile_CountsDuplicateRowsPerSide_WhenASkuRepeats(string target, string source, long inTarget, long inSource)
    {
        var (reconciliation, _) = Reconcile(target, source);

        Assert.Equal((inSource, inTarget), (reconciliation.Counts.DuplicatesInSource, reconciliation.Counts.DuplicatesInTarget));
        Assert.Equal(inSource + inTarget, reconciliation.Counts.Duplicates);
    }

    [Fact]
    public void DuplicateSamples_NameTheIgnoredAndTheFirstLine_WhenASkuRepeats()
    {
        var (reconciliation, _) = Reconcile("A=1 B=1 A=2", "C=1 C=2");

        Assert.Equal(
            [new DuplicateRow(StockSide.Target, "A", 4, 2), new DuplicateRow(StockSide.Source, "C", 3, 2)],
            reconciliation.DuplicateSamples);
    }

    [Fact]
    public void Counts_RatesDiscrepanciesOverDistinctSkus_WhenBothSidesHaveOwnSkus()
    {
        var (reconciliation, _) = Reconcile("A=1 B=2 C=3 D=4", "A=1 B=2 C=3 E=5");

        var counts = reconciliation.Counts;
        Assert.Equal((5L, 2L, 4L, 4L), (counts.DistinctSkus, counts.Discrepancies, counts.SourceRows, counts.TargetRows));
        Assert.Equal(0.4, counts.DiscrepancyRate);
    }

    [Fact]
    public void Counts_RateIsZero_WhenThereAreNoSkus()
    {
        var (reconciliation, _) = Reconcile("", "");

        Assert.Equal(0, reconciliation.Counts.DiscrepancyRate);
    }

    [Fact]
    public void Discrepancy_DiffIsTargetMinusSource_WhenBothSidesHaveTheSku()
    {
        var (_, found) = Reconcile("A=3 B=9", "A=5 B=4");

        Assert.Equal([-2m, 5m], found.Select(d => d.Diff!.Value));
        Assert.Equal((5m, 3m), (found[0].Source!.Value, found[0].Target!.Value));
    }

    [Fact]
    public void Discrepancy_DiffIsNull_WhenASideIsMissing()
    {
        var (_, found) = Reconcile("B=2", "A=1");

        Assert.All(found, d => Assert.Null(d.Diff));
        Assert.Equal([(1m, (decimal?)null), (null, 2m)], found.Select(d => (d.Source, d.Target)));
    }

    [Fact]
    public void AddMalformed_CountsPerSideAndKeepsOnlyTheFirstSamples_WhenManyRowsAreBad()
    {
        var reconciliation = new StockReconciliation(sampleLimit: 2);

        reconciliation.AddMalformed(StockSide.Target, 3, "empty sku");
        reconciliation.AddMalformed(StockSide.Source, 7, "quantity \"x\" is not a number");
        reconciliation.AddMalformed(StockSide.Source, 9, "missing field");

        Assert.Equal((2L, 1L, 3L), (reconciliation.Counts.MalformedInSource, reconciliation.Counts.MalformedInTarget, reconciliation.Counts.Malformed));
        Assert.Equal(
            [new MalformedRow(StockSide.Target, 3, "empty sku"), new MalformedRow(StockSide.Source, 7, "quantity \"x\" is not a number")],
            reconciliation.MalformedSamples);
    }

    [Fact]
    public void AddTarget_Throws_WhenTheSourceHasStarted()
    {
        var reconciliation = new StockReconciliation();
        reconciliation.CompareSource("A", 1, 2);

        Assert.Throws<InvalidOperationException>(() => reconciliation.AddTarget("B", 1, 3));
    }

    [Fact]
    public void CompareSource_Throws_WhenFinished()
    {
        var reconciliation = new StockReconciliation();
        _ = reconciliation.Finish().ToList();

        Assert.Throws<InvalidOperationException>(() => reconciliation.CompareSource("A", 1, 2));
        Assert.Throws<InvalidOperationException>(() => reconciliation.Finish());
    }

    [Fact]
    public void AddTarget_Throws_WhenTheSkuIsEmpty()
    {
        var reconciliation = new StockReconciliation();

        Assert.Throws<ArgumentException>(() => reconciliation.AddTarget("", 1, 2));
        Assert.Throws<ArgumentException>(() => reconciliation.CompareSource("", 1, 2));
    }

    [Fact]
    public void AddTarget_Throws_WhenTheQuantityIsBeyondTheLimit()
    {
        var reconciliation = new StockReconciliation();

        Assert.Throws<ArgumentOutOfRangeException>(() => reconciliation.AddTarget("A", -StockReconciliation.MaxQuantity - 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => reconciliation.CompareSource("A", StockReconciliation.MaxQuantity + 0.5m, 2));
        reconciliation.CompareSource("A", StockReconciliation.MaxQuantity, 3);
    }

    [Theory]
    [InlineData("5", "5", false)]
    [InlineData("5", "3", false)]
    [InlineData("5", "6", true)]
    [InlineData("-2", "0", false)]
    [InlineData("-2", "1", true)]
    [InlineData("0", "-1", true)]
    [InlineData(null, "4", false)]
    [InlineData(null, "-4", true)]
    public void IsOversold_IsTrue_WhenTheStoreCanSellWhatTheErpDoesNotHold(string? source, string target, bool expected) =>
        Assert.Equal(expected, StockReconciliation.IsOversold(source is null ? null : Parse(source), Parse(target)));

    private static (StockReconciliation Reconciliation, List<Discrepancy> Found) Reconcile(string target, string source)
    {
        var reconciliation = new StockReconciliation();
        var found = new List<Discrepancy>();
        foreach (var (sku, quantity, line) in Rows(target))
        {
            reconciliation.AddTarget(sku, quantity, line);
        }

        foreach (var (sku, quantity, line) in Rows(source))
        {
            if (reconciliation.CompareSource(sku, quantity, line) is { } discrepancy)
            {
                found.Add(discrepancy);
            }
        }

        found.AddRange(reconciliation.Finish());
        return (reconciliation, found);
    }

    private static IEnumerable<(string Sku, decimal Quantity, long Line)> Rows(string rows) =>
        rows.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((row, i) =>
        {
            var parts = row.Split('=');
            return (parts[0], Parse(parts[1]), (long)i + 2);
        });

    private static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
