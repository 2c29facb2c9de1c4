using Microsoft.Extensions.Logging;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// Moves incidents along their escalation policy: opens the incidents a maintenance window held back, then fires
/// every step that is due, creating one delivery row per (incident, step, channel).
/// </summary>
/// <remarks>
/// A ping acknowledged before the pass but not in the database yet may have brought the monitor back: a step fired for
/// it would page someone (or start an action) for a sync that already recovered. As the deadline sweep, the pass leaves
/// such incidents alone, waits for the pings that were waiting, and then looks at them again; a backlog of pings to
/// other monitors holds nothing back.
/// </remarks>
internal sealed partial class EscalationPass(IStore store, PingBacklog pings, TimeProvider time, ILogger<EscalationPass> logger)
{
    // Steps are cheap rows; a large batch keeps a burst of incidents to a few transactions.
    private const int BatchSize = 200;

    private static readonly Func<Guid, bool> NothingPending = _ => false;

    /// <summary>One pass; returns the number of steps fired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var caughtUp = false;
        var opening = await store.OpenPendingIncidentsAsync(now, pings.MayHoldPingFor, ct);
        var opened = opening.Done;
        if (opening.HeldBack > 0)
        {
            caughtUp = await CatchUpAsync(ct);
            opened += (await store.OpenPendingIncidentsAsync(now, NothingPending, ct)).Done;
        }

        if (opened > 0)
        {
            LogOpenedAfterMaintenance(logger, opened);
        }

        var fired = 0;
        while (true)
        {
            var batch = await store.EscalateDueAsync(now, BatchSize, caughtUp ? NothingPending : pings.MayHoldPingFor, ct);
            fired += batch.Done;
            if (batch.HeldBack > 0 && !caughtUp)
            {
                // Read again once they are stored: their incidents are still due, or resolved.
                caughtUp = await CatchUpAsync(ct);
            }
            else if (batch.Done + batch.HeldBack < BatchSize)
            {
                return fired;
            }
        }
    }

    private async Task<bool> CatchUpAsync(CancellationToken ct)
    {
        await pings.CatchUpAsync(ct);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened {Count} incident(s) held back by maintenance windows.")]
    private static partial void LogOpenedAfterMaintenance(ILogger logger, int count);
}
