using Stockbeat.Core.Analysis;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Runs;
using Stockbeat.Storage;

namespace Stockbeat.Server.Dashboard.Monitors;

/// <summary>One finished run: when it finished, how long it took (when a start was paired with it), whether it failed, what it reported.</summary>
internal sealed record RunPoint(DateTimeOffset At, TimeSpan? Duration, bool Failed, RunReport? Report = null);

/// <summary>Where the dashboard gets runs from: the run records, with their durations, outcomes and reports.</summary>
internal sealed class RunHistory(IStore store)
{
    /// <summary>Up to <paramref name="limit"/> of the monitor's latest runs, read with one query, without their logs (no page shows them).</summary>
    public async Task<RecentRuns> RecentAsync(Check check, int limit, CancellationToken ct) =>
        (await RecentAsync([check], limit, ct))[check.Id];

    /// <summary>The same for each of <paramref name="checks"/>, all on one connection, by monitor id.</summary>
    public async Task<IReadOnlyDictionary<long, RecentRuns>> RecentAsync(IEnumerable<Check> checks, int limit, CancellationToken ct)
    {
        var runs = await store.ListRecentRunsAsync([.. checks.Select(c => c.Id).Distinct()], limit, ct);
        return runs.ToDictionary(r => r.Key, r => new RecentRuns(r.Value));
    }
}

/// <summary>A monitor's latest runs and what the pages read from them.</summary>
internal sealed class RecentRuns
{
    public RecentRuns(IReadOnlyList<Run> newestFirst)
    {
        NewestFirst = newestFirst;
        Finished = [.. newestFirst
            .Where(r => r.FinishedAt is not null)
            .Reverse()
            .Select(r => new RunPoint(r.FinishedAt!.Value, r.Duration, r.Outcome is RunOutcome.Failed or RunOutcome.Timeout, r.Report))];
        var reported = newestFirst.FirstOrDefault(r => r.Report is { Metrics.Count: > 0 } && r.FinishedAt is not null);
        LastReport = reported is null
            ? null
            : new LastReport(reported.FinishedAt!.Value, [.. reported.Report!.Metrics.Select(m => (m.Key, m.Value))]);
    }

    /// <summary>The runs as the store gave them, newest first, running ones included.</summary>
    public IReadOnlyList<Run> NewestFirst { get; }

    /// <summary>The finished runs, oldest first.</summary>
    public IReadOnlyList<RunPoint> Finished { get; }

    /// <summary>The numbers of the latest finished run that reported any, or null.</summary>
    public LastReport? LastReport { get; }
}

/// <summary>The numeric fields a run reported, in the order it sent them.</summary>
internal sealed record LastReport(DateTimeOffset At, IReadOnlyList<(string Name, double Value)> Numbers)
{
    /// <summary>A named value, or null.</summary>
    public double? this[string name] => Numbers.Where(n => n.Name == name).Select(n => (double?)n.Value).FirstOrDefault();

    /// <summary>
    /// Whether a reported value breaks an inventory rule of thumb: errors above the monitor's error threshold, discrepancies
    /// above the analysis' limit (both as a share of <c>total</c>), any oversold SKU.
    /// </summary>
    public bool IsBad(string name, double value, double errorThreshold)
    {
        var total = this[RunReport.Total];
        return name switch
        {
            RunReport.Errors => total is > 0 && value / total.Value > errorThreshold,
            RunReport.Discrepancies => total is > 0 && value / total.Value > MetricRules.DiscrepancyRateLimit,
            RunReport.NegativeSalable or "oversold" => value > 0,
            _ => false,
        };
    }

    /// <summary><paramref name="value"/> as a percentage of <c>total</c>, or null when the report has no positive total.</summary>
    public double? Share(double value) => this[RunReport.Total] is > 0 and var total ? 100 * value / total : null;
}
