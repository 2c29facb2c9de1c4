using Stockbeat.Core.Reconciliation;

namespace Stockbeat.Reconcile;

/// <summary>What <c>stockbeat reconcile</c> was asked to do, already validated.</summary>
/// <param name="FailAbove">The discrepancy rate (a fraction) above which the run fails with exit code 1.</param>
internal sealed record ReconcileSettings(
    string Source, string Target, SnapshotColumns Columns, string? Output, Uri? ReportTo, double? FailAbove);

/// <summary>The exit codes of <c>stockbeat reconcile</c>.</summary>
internal static class ReconcileExitCodes
{
    public const int Ok = 0;
    public const int AboveThreshold = 1;
    public const int InputError = 2;
}

/// <summary>
/// Runs a reconciliation: loads the target into memory, streams the source through it while writing discrepancies,
/// prints the summary and reports the run to a monitor.
/// </summary>
internal sealed class ReconcileRunner(TextWriter stdout, TextWriter stderr, bool showProgress, TimeProvider time)
{
    /// <summary>Malformed and duplicate rows listed in the summary (all are counted).</summary>
    public const int SampleLimit = 10;

    public async Task<int> RunAsync(ReconcileSettings settings, ReconcileReporter? reporter, CancellationToken ct)
    {
        if (reporter is not null)
        {
            await reporter.StartAsync(settings.ReportTo!, ct);
        }

        StockReconciliation reconciliation;
        try
        {
            reconciliation = Reconcile(settings, ct);
        }
        catch (SnapshotException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            if (reporter is not null)
            {
                await reporter.FinishAsync(settings.ReportTo!, failed: true, ReconcileReport.Error($"stockbeat reconcile: {e.Message}"), ct);
            }

            return ReconcileExitCodes.InputError;
        }

        var counts = reconciliation.Counts;
        var failed = settings.FailAbove is { } limit && counts.DiscrepancyRate > limit;
        var summary = ReconcileSummary.Format(settings.Source, settings.Target, reconciliation, settings.FailAbove, settings.Output);
        await stdout.WriteAsync(summary);
        await stdout.FlushAsync(ct);
        if (reporter is not null)
        {
            await reporter.FinishAsync(settings.ReportTo!, failed, ReconcileReport.Json(counts, summary), ct);
        }

        return failed ? ReconcileExitCodes.AboveThreshold : ReconcileExitCodes.Ok;
    }

    /// <summary>The reconciliation itself, synchronous: the readers are CPU-bound and read sequentially.</summary>
    /// <exception cref="SnapshotException">An input cannot be read or the output cannot be written.</exception>
    public StockReconciliation Reconcile(ReconcileSettings settings, CancellationToken ct)
    {
        var targetBytes = SizeOf(settings.Target);
        var sourceBytes = SizeOf(settings.Source);
        var bar = showProgress && targetBytes + sourceBytes >= ProgressBar.MinimumBytes
            ? new ProgressBar(stderr, targetBytes + sourceBytes, time)
            : null;
        var reconciliation = new StockReconciliation(SampleLimit);
        using var writer = settings.Output is null ? null : DiscrepancyWriter.Create(settings.Output);
        try
        {
            var targetLabel = $"reading {Path.GetFileName(settings.Target)}";
            SnapshotReader.Read(
                settings.Target, settings.Columns, new TargetSink(reconciliation),
                bar is null ? null : done => bar.Report(targetLabel, done), ct);
            var sourceLabel = $"comparing {Path.GetFileName(settings.Source)}";
            SnapshotReader.Read(
                settings.Source, settings.Columns, new SourceSink(reconciliation, writer),
                bar is null ? null : done => bar.Report(sourceLabel, targetBytes + done), ct);
            foreach (var discrepancy in reconciliation.Finish())
            {
                writer?.Write(discrepancy);
            }
        }
        catch (IOException e)
        {
            throw new SnapshotException($"{settings.Output}: write failed: {e.Message}", e);
        }
        finally
        {
            bar?.Clear();
        }

        return reconciliation;
    }

    private static long SizeOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : throw new SnapshotException($"{path}: file not found");
    }

    private sealed class TargetSink(StockReconciliation reconciliation) : IStockRowSink
    {
        public void Row(ReadOnlySpan<char> sku, decimal quantity, long line) => reconciliation.AddTarget(sku, quantity, line);

        public void Malformed(long line, string reason) => reconciliation.AddMalformed(StockSide.Target, line, reason);
    }

    private sealed class SourceSink(StockReconciliation reconciliation, DiscrepancyWriter? writer) : IStockRowSink
    {
        public void Row(ReadOnlySpan<char> sku, decimal quantity, long line)
        {
            if (reconciliation.CompareSource(sku, quantity, line) is { } discrepancy)
            {
                writer?.Write(discrepancy);
            }
        }

        public void Malformed(long line, string reason) => reconciliation.AddMalformed(StockSide.Source, line, reason);
    }
}
