using Microsoft.Extensions.Logging;
using Stockbeat.Core.Checks;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// Flips overdue monitors down. Reads only rows whose stored deadline has passed (an index range scan), so a
/// pass costs in proportion to the monitors that are due, not to all monitors; and tells the worker when the next
/// deadline falls, so that a monitor is flipped right after its deadline rather than up to an interval later.
/// </summary>
internal sealed partial class DeadlineSweeper(IStore store, PingBacklog pings, TimeProvider time, ILogger<DeadlineSweeper> logger)
{
    // Large enough to clear a top-of-the-hour burst in a few transactions, small enough that one
    // transaction does not hold SQLite's write lock long enough to stall ping ingestion.
    private const int BatchSize = 500;

    // A stale deadline that cannot be rewritten (a concurrent writer keeps winning) must not spin the pass.
    private const int MaxBatchesPerPass = 1_000;

    // After a pass that left a monitor due (its deadline passed during the pass, or a ping raced the flip).
    private static readonly TimeSpan StillDueWait = TimeSpan.FromMilliseconds(10);

    /// <summary>One pass: flips every monitor due at the current time; returns how many it flipped.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var flipped = 0;
        var caughtUp = false;
        for (var batch = 0; batch < MaxBatchesPerPass; batch++)
        {
            var due = await store.FindDueChecksAsync(now, BatchSize, ct);
            // A ping acknowledged before now but not yet in the database would leave its monitor looking overdue. The
            // pass waits for those pings only when a due monitor may have one, so that a backlog of pings to other
            // monitors does not hold back flips.
            var ready = caughtUp ? due : [.. due.Where(c => !pings.MayHoldPingFor(c.Uuid))];
            var flips = new List<(Check Check, Flip Flip)>(ready.Count);
            foreach (var check in ready)
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

            if (ready.Count < due.Count)
            {
                // Read again once they are stored: the monitors they were for are still due or not.
                await pings.CatchUpAsync(ct);
                caughtUp = true;
            }
            else if (due.Count < BatchSize)
            {
                break;
            }
        }

        return flipped;
    }

    /// <summary>
    /// How long the worker waits before the next pass: until just after the earliest stored deadline; at most
    /// <paramref name="interval"/>, which bounds how late a deadline written meanwhile is seen (a ping puts its deadline
    /// at least a minute ahead, but an edit may move one into the past); and a short pause when a monitor is still due,
    /// so that one the pass could not settle does not spin the loop.
    /// </summary>
    public async Task<TimeSpan> NextWaitAsync(TimeSpan interval, CancellationToken ct)
    {
        if (await store.FindNextDeadlineAsync(ct) is not { } deadline)
        {
            return interval;
        }

        // Timers round down to whole milliseconds; waking a millisecond late saves a pass that would find nothing.
        var wait = deadline - time.GetUtcNow() + TimeSpan.FromMilliseconds(1);
        return wait <= TimeSpan.Zero ? StillDueWait : wait < interval ? wait : interval;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Monitor {Name} ({Uuid}) is overdue: {Reason} at {At:O}.")]
    private static partial void LogOverdue(ILogger logger, string name, Guid uuid, FlipReason reason, DateTimeOffset at);
}
