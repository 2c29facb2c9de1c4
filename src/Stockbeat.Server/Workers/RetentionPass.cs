using Microsoft.Extensions.Options;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>One pass of retention: deletes finished runs older than <c>Stockbeat:Retention:Runs</c>.</summary>
internal sealed class RetentionPass(IStore store, IOptions<StockbeatOptions> options, TimeProvider time)
{
    // Small deletes keep each write transaction short, so pings are never held up behind a big purge; a pass
    // stops after MaxBatches and the next tick goes on.
    public const int BatchSize = 2_000;
    public const int MaxBatches = 50;

    /// <summary>Deletes what is due; returns how many runs went.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention.Runs;
        var deleted = 0;
        for (var i = 0; i < MaxBatches; i++)
        {
            var batch = await store.PruneRunsAsync(cutoff, BatchSize, ct);
            deleted += batch;
            if (batch < BatchSize)
            {
                break;
            }
        }

        return deleted;
    }
}
