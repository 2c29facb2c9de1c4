using Stockbeat.Core.Checks;
using Stockbeat.Core.Runs;
using Stockbeat.Storage;

namespace Stockbeat.Server.Dashboard.Monitors;

/// <summary>One finished run: when it finished, how long it took (when a start was paired with it), whether it failed.</summary>
internal sealed record RunPoint(DateTimeOffset At, TimeSpan? Duration, bool Failed);

/// <summary>Where the dashboard gets runs from: the run records, with their durations, outcomes and reports.</summary>
internal sealed class RunHistory(IStore store)
{
    /// <summary>Up to <paramref name="limit"/> of the latest finished runs, oldest first.</summary>
    public async Task<IReadOnlyList<RunPoint>> RecentAsync(Check check, int limit, CancellationToken ct)
    {
        var runs = await store.ListRunsAsync(check.Id, limit, null, ct);
        return [.. runs
            .Where(r => r.FinishedAt is not null)
            .Reverse()
            .Select(r => new RunPoint(r.FinishedAt!.Value, r.Duration, r.Outcome is RunOutcome.Failed or RunOutcome.Timeout))];
    }

    /// <summary>The numbers of the latest run report among the last <paramref name="runs"/> runs, or null.</summary>
    public async Task<LastReport?> LastReportAsync(Check check, int runs, CancellationToken ct)
    {
        var reported = (await store.ListRunsAsync(check.Id, runs, null, ct))
            .FirstOrDefault(r => r.Report is { Metrics.Count: > 0 } && r.FinishedAt is not null);
        return reported is null
            ? null
            : new LastReport(reported.FinishedAt!.Value, [.. reported.Report!.Metrics.Select(m => (m.Key, m.Value))]);
    }
}

/// <summary>The numeric fields a run reported, in the order it sent them.</summary>
internal sealed record LastReport(DateTimeOffset At, IReadOnlyList<(string Name, double Value)> Numbers)
{
    /// <summary>A named value, or null.</summary>
    public double? this[string name] => Numbers.Where(n => n.Name == name).Select(n => (double?)n.Value).FirstOrDefault();
}
