using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Stockbeat.Core.Reconciliation;
using Stockbeat.Reconcile;
using Stockbeat.Testing;

namespace Stockbeat.Tests.Reconcile;

public sealed class ReconcileRunnerTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SnapshotFormat.Csv)]
    [InlineData(SnapshotFormat.JsonLines)]
    public void Reconcile_CountsEveryKnownDiscrepancy_WhenTheGeneratedPairIsRead(SnapshotFormat format)
    {
        var (source, target) = SnapshotPair.Write(_folder.Path, 20_000, format);

        var reconciliation = Runner().Reconcile(Settings(source, target), Ct);

        Assert.Equal(
            new ReconciliationCounts(
                SourceRows: 20_002, TargetRows: 20_008, DistinctSkus: 20_014, Matched: 19_990, Equal: 19_950,
                QuantityDiffers: 40, MissingInTarget: 10, MissingInSource: 14, Oversold: 20,
                DuplicatesInSource: 2, DuplicatesInTarget: 4, MalformedInSource: 3, MalformedInTarget: 5),
            reconciliation.Counts);
    }

    [Fact]
    public void Reconcile_ListsMalformedAndDuplicateRowsWithLines_WhenTheGeneratedPairIsRead()
    {
        var (source, target) = SnapshotPair.Write(_folder.Path, 20_000);

        var reconciliation = Runner().Reconcile(Settings(source, target), Ct);

        // store.csv: header, SKU 0..5 on lines 2..6 (3 is missing, 4 is repeated), the broken row for 6 on line 8.
        Assert.Equal(new MalformedRow(StockSide.Target, 8, "quantity \"not-a-number\" is not a number"), reconciliation.MalformedSamples[0]);
        Assert.Equal(new DuplicateRow(StockSide.Target, SnapshotPair.Sku(4), 6, 5), reconciliation.DuplicateSamples[0]);
        // erp.csv: SKU 5 on line 7 and again on line 8; the empty SKU after 7 on line 11.
        Assert.Contains(new DuplicateRow(StockSide.Source, SnapshotPair.Sku(5), 8, 7), reconciliation.DuplicateSamples);
        Assert.Contains(new MalformedRow(StockSide.Source, 11, "empty sku"), reconciliation.MalformedSamples);
    }

    [Fact]
    public void Reconcile_WritesEveryDiscrepancyToCsv_WhenOutIsACsvFile()
    {
        var (source, target) = SnapshotPair.Write(_folder.Path, 20_000);
        var output = Path.Combine(_folder.Path, "discrepancies.csv");

        Runner().Reconcile(Settings(source, target, output), Ct);

        var lines = File.ReadAllLines(output);
        Assert.Equal("sku,source,target,diff,kind", lines[0]);
        Assert.Equal(64, lines.Length - 1);
        Assert.Contains("SKU-0000001,1,0,-1,quantity_differs", lines);
        Assert.Contains("SKU-0000002,2,3,1,oversold", lines);
        Assert.Contains("SKU-0000003,3,,,missing_in_target", lines);
        Assert.Contains("EXTRA-13,,13,,missing_in_source", lines);
        Assert.Equal(
            new Dictionary<string, int> { ["quantity_differs"] = 20, ["oversold"] = 20, ["missing_in_target"] = 10, ["missing_in_source"] = 14 },
            lines.Skip(1).GroupBy(l => l.Split(',')[^1]).ToDictionary(g => g.Key, g => g.Count()));
    }

    [Theory]
    [InlineData("discrepancies.json")]
    [InlineData("discrepancies.jsonl")]
    public void Reconcile_WritesJson_WhenOutIsAJsonFile(string name)
    {
        var source = WriteFile("erp.csv", "sku,quantity\n\"A,\"\"1\",5\nB,2\n");
        var target = WriteFile("store.csv", "sku,quantity\nB,3\nC,1.50\n");
        var output = Path.Combine(_folder.Path, name);

        Runner().Reconcile(Settings(source, target, output), Ct);

        var text = File.ReadAllText(output);
        var items = name.EndsWith(".jsonl", StringComparison.Ordinal)
            ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonSerializer.Deserialize<JsonElement>(l)).ToArray()
            : [.. JsonSerializer.Deserialize<JsonElement>(text).EnumerateArray()];
        Assert.Equal(
            [
                """{"sku":"A,\u00221","source":5,"target":null,"diff":null,"kind":"missing_in_target"}""",
                """{"sku":"B","source":2,"target":3,"diff":1,"kind":"oversold"}""",
                """{"sku":"C","source":null,"target":1.5,"diff":null,"kind":"missing_in_source"}""",
            ],
            items.Select(i => JsonSerializer.Serialize(i)));
    }

    [Fact]
    public void Reconcile_QuotesCsvFields_WhenASkuHoldsACommaOrQuote()
    {
        var source = WriteFile("erp.csv", "sku;quantity\n\"A,\"\"1\";5\n");
        var target = WriteFile("store.csv", "sku;quantity\n");
        var output = Path.Combine(_folder.Path, "out.csv");

        Runner().Reconcile(Settings(source, target, output), Ct);

        Assert.Equal(["sku,source,target,diff,kind", "\"A,\"\"1\",5,,,missing_in_target"], File.ReadAllLines(output));
    }

    [Fact]
    public void Reconcile_WritesTheHeader_WhenThereAreNoDiscrepancies()
    {
        var source = WriteFile("erp.csv", "sku,quantity\nA,1\n");
        var output = Path.Combine(_folder.Path, "out.csv");

        Runner().Reconcile(Settings(source, source, output), Ct);

        Assert.Equal(["sku,source,target,diff,kind"], File.ReadAllLines(output));
    }

    [Theory]
    [InlineData(SnapshotFormat.Csv)]
    [InlineData(SnapshotFormat.JsonLines)]
    public void Reconcile_DrawsAndErasesAProgressBar_WhenShowingProgressForLargeFiles(SnapshotFormat format)
    {
        var (source, target) = SnapshotPair.Write(_folder.Path, 300_000, format);
        Assert.True(new FileInfo(source).Length + new FileInfo(target).Length >= ProgressBar.MinimumBytes);
        using var stderr = new StringWriter();
        // A clock that never moves: the bar is drawn once, at the first tick, then throttled.
        var time = new FakeTimeProvider();

        var reconciliation = new ReconcileRunner(TextWriter.Null, stderr, showProgress: true, time).Reconcile(Settings(source, target), Ct);

        Assert.Equal(300_000 + 210, reconciliation.Counts.DistinctSkus);
        Assert.Matches(@"^\r\[#*\.*\] +\d+% reading store\.(csv|jsonl)\u001b\[K\r\u001b\[K$", stderr.ToString());
    }

    [Fact]
    public void Reconcile_DrawsNoProgressBar_WhenTheFilesAreSmall()
    {
        var (source, target) = SnapshotPair.Write(_folder.Path, 1_000);
        using var stderr = new StringWriter();

        new ReconcileRunner(TextWriter.Null, stderr, showProgress: true, TimeProvider.System).Reconcile(Settings(source, target), Ct);

        Assert.Equal("", stderr.ToString());
    }

    [Fact]
    public async Task RunAsync_PrintsTheSummaryAndReturns1_WhenTheRateIsAboveFailAbove()
    {
        var source = WriteFile("erp.csv", "sku,quantity\nA,1\nB,2\nC,3\nD,4\n");
        var target = WriteFile("store.csv", "sku,quantity\nA,1\nB,2\nC,3\nD,5\nD,6\nX,bad\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await new ReconcileRunner(stdout, stderr, showProgress: false, TimeProvider.System)
            .RunAsync(Settings(source, target) with { FailAbove = 0.2 }, reporter: null, Ct);

        Assert.Equal(ReconcileExitCodes.AboveThreshold, exit);
        Assert.Equal("", stderr.ToString());
        Assert.Equal(
            $"""
            Reconciled {source} (4 rows) against {target} (5 rows)
              distinct SKUs      4
              matched            4
              equal              3
              quantity differs   1
              missing in target  0
              missing in source  0
              oversold           1
              duplicates         1 (source 0, target 1)
              malformed          1 (source 0, target 1)
              discrepancies      1 (25% of distinct SKUs)
            Malformed rows (first 1):
              store.csv line 7: quantity "bad" is not a number
            Duplicate rows, ignored (first 1):
              store.csv line 6: SKU "D" already on line 5
            FAILED: the discrepancy rate 25% is above 20%

            """,
            stdout.ToString());
    }

    [Fact]
    public async Task RunAsync_Returns0_WhenTheRateIsAtFailAbove()
    {
        var source = WriteFile("erp.csv", "sku,quantity\nA,1\nB,2\nC,3\nD,4\n");
        var target = WriteFile("store.csv", "sku,quantity\nA,1\nB,2\nC,3\nD,5\n");
        using var stdout = new StringWriter();

        var exit = await new ReconcileRunner(stdout, TextWriter.Null, showProgress: false, TimeProvider.System)
            .RunAsync(Settings(source, target) with { FailAbove = 0.25 }, reporter: null, Ct);

        Assert.Equal(ReconcileExitCodes.Ok, exit);
        Assert.EndsWith("OK: the discrepancy rate 25% is within 25%\n", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Returns2WithTheProblem_WhenAColumnIsMissing()
    {
        var source = WriteFile("erp.csv", "sku,qty\nA,1\n");
        var target = WriteFile("store.csv", "sku,quantity\nA,1\n");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await new ReconcileRunner(stdout, stderr, showProgress: false, TimeProvider.System)
            .RunAsync(Settings(source, target), reporter: null, Ct);

        Assert.Equal(ReconcileExitCodes.InputError, exit);
        Assert.Equal("", stdout.ToString());
        Assert.Equal(
            $"error: {source}: no column 'quantity' (columns found: 'sku', 'qty'); choose them with --key and --qty\n",
            stderr.ToString().ReplaceLineEndings("\n"));
    }

    public void Dispose() => _folder.Dispose();

    internal static ReconcileSettings Settings(string source, string target, string? output = null) =>
        new(source, target, SnapshotColumns.Default, output, ReportTo: null, FailAbove: null);

    private static ReconcileRunner Runner() => new(TextWriter.Null, TextWriter.Null, showProgress: false, TimeProvider.System);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_folder.Path, name);
        File.WriteAllText(path, text);
        return path;
    }
}
