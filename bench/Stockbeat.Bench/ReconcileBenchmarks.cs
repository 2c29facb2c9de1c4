using BenchmarkDotNet.Attributes;
using Stockbeat.Core.Reconciliation;
using Stockbeat.Reconcile;
using Stockbeat.Tests.Reconcile;

namespace Stockbeat.Bench;

/// <summary>
/// <c>stockbeat reconcile</c> without the process around it: both readers, the diff and the discrepancy writer, on
/// the generated pair of 1 000 000 SKUs per side that the tests use (2 000 875 rows read per operation, 3 200
/// discrepancies written). Rows/s = 2 000 875 / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ReconcileBenchmarks
{
    public const int Skus = 1_000_000;

    private string _folder = "";
    private ReconcileSettings _settings = null!;

    [Params(SnapshotFormat.Csv, SnapshotFormat.JsonLines)]
    public SnapshotFormat Format { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"stockbeat-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_folder);
        var (source, target) = SnapshotPair.Write(_folder, Skus, Format);
        _settings = new ReconcileSettings(
            source, target, SnapshotColumns.Default, Path.Combine(_folder, "discrepancies.csv"), ReportTo: null, FailAbove: null);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public ReconciliationCounts Reconcile() =>
        new ReconcileRunner(TextWriter.Null, TextWriter.Null, showProgress: false, TimeProvider.System)
            .Reconcile(_settings, CancellationToken.None).Counts;
}
