using Stockbeat.Core.Reconciliation;
using Stockbeat.Reconcile;
using Stockbeat.Testing;

namespace Stockbeat.Tests.Reconcile;

/// <summary>The scale: a pair of 1 000 000 SKU snapshots, every count known in advance (no timing).</summary>
public sealed class MillionSkuTests
{
    [Fact]
    public void Reconcile_CountsEveryKnownDiscrepancy_WhenBothSnapshotsHaveAMillionSkus()
    {
        using var folder = new TempDirectory();
        var (source, target) = SnapshotPair.Write(folder.Path, 1_000_000);
        var output = Path.Combine(folder.Path, "discrepancies.jsonl");

        var reconciliation = new ReconcileRunner(TextWriter.Null, TextWriter.Null, showProgress: false, TimeProvider.System)
            .Reconcile(ReconcileRunnerTests.Settings(source, target, output), TestContext.Current.CancellationToken);

        Assert.Equal(
            new ReconciliationCounts(
                SourceRows: 1_000_100, TargetRows: 1_000_400, DistinctSkus: 1_000_700, Matched: 999_500, Equal: 997_500,
                QuantityDiffers: 2_000, MissingInTarget: 500, MissingInSource: 700, Oversold: 1_000,
                DuplicatesInSource: 100, DuplicatesInTarget: 200, MalformedInSource: 125, MalformedInTarget: 250),
            reconciliation.Counts);
        Assert.Equal(3_200, reconciliation.Counts.Discrepancies);
        Assert.Equal(3_200, File.ReadLines(output).Count());
    }
}
