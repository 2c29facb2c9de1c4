using Microsoft.Extensions.Logging;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// Moves incidents along their escalation policy: opens the incidents a maintenance window held back, then fires
/// every step that is due, creating one delivery row per (incident, step, channel).
/// </summary>
internal sealed partial class EscalationPass(IStore store, TimeProvider time, ILogger<EscalationPass> logger)
{
    // Steps are cheap rows; a large batch keeps a burst of incidents to a few transactions.
    private const int BatchSize = 200;

    /// <summary>One pass; returns the number of steps fired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var opened = await store.OpenPendingIncidentsAsync(now, ct);
        if (opened > 0)
        {
            LogOpenedAfterMaintenance(logger, opened);
        }

        var fired = 0;
        int batch;
        do
        {
            batch = await store.EscalateDueAsync(now, BatchSize, ct);
            fired += batch;
        }
        while (batch == BatchSize);

        return fired;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened {Count} incident(s) held back by maintenance windows.")]
    private static partial void LogOpenedAfterMaintenance(ILogger logger, int count);
}
