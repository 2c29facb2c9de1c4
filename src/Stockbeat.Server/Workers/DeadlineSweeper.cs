using Microsoft.Extensions.Logging;
using Stockbeat.Core.Checks;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// Flips overdue monitors down. Reads only rows whose stored deadline has passed (an index range scan), so a
/// pass costs in proportion to the monitors that are due, not to all monitors.
/// </summary>
internal sealed partial class DeadlineSweeper(IStore store, TimeProvider time, ILogger<DeadlineSweeper> logger)
{
    // Large enough to clear a top-of-the-hour burst in a few transactions, small enough that one
    // transaction does not hold SQLite's write lock long enough to stall ping ingestion.
    private const int BatchSize = 500;

    // A stale deadline that cannot be rewritten (a concurrent writer keeps winning) must not spin the pass.
    private const int MaxBatchesPerPass = 1_000;

    /// <summary>One pass: flips every monitor due at the current time; returns how many it flipped.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var flipped = 0;
        for (var batch = 0; batch < MaxBatchesPerPass; batch++)
        {
            var due = await store.FindDueChecksAsync(now, BatchSize, ct);
            var flips = new List<(Check Check, Flip Flip)>(due.Count);
            foreach (var check in due)
            {
                if (CheckRules.Overdue(check, now) is { } flip)
                {
                    flips.Add((check, flip));
                }
                else
                {
                    // The stored deadline is older than the rules say (a schedule edit raced a ping), or an event
                    // flow's window ended with enough events: move it on.
                    await store.UpdateDeadlineAsync(CheckRules.Settle(check, now), ct);
                }
            }

            var applied = await store.ApplyDueFlipsAsync(flips, ct);
            flipped += applied;
            foreach (var (check, flip) in flips)
            {
                LogOverdue(logger, check.Name, check.Uuid, flip.Reason, flip.At);
            }

            if (due.Count < BatchSize)
            {
                break;
            }
        }

        return flipped;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitor {Name} ({Uuid}) is overdue: {Reason} at {At:O}.")]
    private static partial void LogOverdue(ILogger logger, string name, Guid uuid, FlipReason reason, DateTimeOffset at);
}
