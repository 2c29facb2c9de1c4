using Microsoft.Extensions.Options;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>What one retention pass did.</summary>
/// <param name="Deleted">Runs deleted.</param>
/// <param name="MoreDue">Whether the pass stopped at its limit with runs still due.</param>
internal readonly record struct RetentionOutcome(int Deleted, bool MoreDue);

/// <summary>One pass of retention: deletes finished runs older than <c>Stockbeat:Retention:Runs</c>.</summary>
/// <param name="batchSize">Runs deleted per transaction.</param>
/// <param name="maxBatches">Transactions per pass.</param>
internal sealed class RetentionPass(
    IStore store, IOptions<StockbeatOptions> options, TimeProvider time, int batchSize = RetentionPass.BatchSize, int maxBatches = RetentionPass.MaxBatches)
{
    // Small deletes keep each write transaction short, so the ping writer never waits long for the lock.
    public const int BatchSize = 500;
    public const int MaxBatches = 200;

    /// <summary>Deletes what is due, up to the pass's limit, resting between batches.</summary>
    public async Task<RetentionOutcome> RunOnceAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention.Runs;
        var deleted = 0;
        for (var i = 0; i < maxBatches; i++)
        {
            var started = time.GetTimestamp();
            var batch = await store.PruneRunsAsync(cutoff, batchSize, ct);
            deleted += batch;
            if (batch < batchSize)
            {
                return new RetentionOutcome(deleted, MoreDue: false);
            }

            await BatchRest.AfterAsync(time, started, ct);
        }

        return new RetentionOutcome(deleted, MoreDue: true);
    }

    /// <summary>
    /// How long to wait after a pass: the interval once nothing is due; no time while runs are still due (the pass has
    /// rested after each batch). A pass deletes at most MaxBatches × BatchSize runs, fewer than a busy node finishes in
    /// an interval, so waiting the interval each time would let the runs grow without end.
    /// </summary>
    public static TimeSpan NextWait(RetentionOutcome outcome, TimeSpan interval) => outcome.MoreDue ? TimeSpan.Zero : interval;
}
