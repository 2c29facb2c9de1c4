using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Pings;

/// <summary>
/// Group commit: one writer per node drains the queue of received pings and stores them in batches, one
/// transaction per batch, answering each request only after its batch has committed. Under load a batch
/// amortises the disk flush over hundreds of pings; when idle a batch is a single ping.
/// </summary>
internal sealed partial class PingIngestor(IStore store, IOptions<StockbeatOptions> options, ILogger<PingIngestor> logger)
    : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(options.Value.Ping.QueueCapacity) { SingleReader = true });

    /// <summary>Queues a ping; null when the queue is full (the caller answers 503).</summary>
    public Task<PingResult>? TrySubmit(PingSubmission ping)
    {
        var pending = new Pending(ping, new TaskCompletionSource<PingResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Answer.Task : null;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop taking pings, then let the loop store what is already queued.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    // The writer is the one serial stage of the ping path; on its own thread it is not queued behind request work on
    // the thread pool. Its store calls are synchronous underneath on SQLite, and block only this thread elsewhere.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(
            WriteLoop,
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void WriteLoop()
    {
        var batchSize = options.Value.Ping.BatchSize;
        var batch = new List<Pending>(batchSize);
        // Not cancelled by stoppingToken: the loop ends when StopAsync completes the queue and it is drained.
        while (_queue.Reader.WaitToReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < batchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                StoreBatchAsync(batch).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                // StoreBatchAsync answers every ping itself; this only keeps the writer alive if that fails.
                LogWriterFailed(logger, e);
                foreach (var pending in batch)
                {
                    pending.Answer.TrySetException(e);
                }
            }

            batch.Clear();
        }
    }

    /// <summary>Stores one batch and answers its pings; one pass of the writer loop.</summary>
    internal async Task StoreBatchAsync(IReadOnlyList<Pending> batch)
    {
        var keep = options.Value.Ping.KeepPings;
        try
        {
            var results = await store.IngestPingsAsync([.. batch.Select(p => p.Ping)], keep, CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.TrySetResult(results[i]);
            }

            return;
        }
        catch (Exception e) when (batch.Count == 1)
        {
            batch[0].Answer.TrySetException(e);
            return;
        }
        catch (Exception e)
        {
            LogBatchFailed(logger, e, batch.Count);
        }

        // The batch rolled back as a whole; store each ping on its own so that one bad ping (or a deadlock
        // between nodes) fails only itself.
        foreach (var pending in batch)
        {
            try
            {
                var result = await store.IngestPingsAsync([pending.Ping], keep, CancellationToken.None);
                pending.Answer.TrySetResult(result[0]);
            }
            catch (Exception e)
            {
                pending.Answer.TrySetException(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} pings failed; storing them one by one.")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ping writer failed a batch; it carries on with the next one.")]
    private static partial void LogWriterFailed(ILogger logger, Exception exception);

    internal sealed record Pending(PingSubmission Ping, TaskCompletionSource<PingResult> Answer);
}
