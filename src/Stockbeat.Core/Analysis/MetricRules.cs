using System.Globalization;
using Stockbeat.Core.Runs;

namespace Stockbeat.Core.Analysis;

/// <summary>
/// The inventory engineer's rules of thumb over a monitor's recent runs and reports. Thresholds are documented in
/// docs/analysis.md; change both together.
/// </summary>
public static class MetricRules
{
    /// <summary>Share of failed runs in the last day above which syncs are unreliable.</summary>
    public const double FailureRateLimit = 0.02;

    /// <summary>Share of SKUs with a discrepancy above which a reconciliation is due.</summary>
    public const double DiscrepancyRateLimit = 0.005;

    /// <summary>Consecutive rises of the backlog that make a growth, not a blip.</summary>
    public const int BacklogRises = 3;

    /// <summary>Reports needed before a reservation count can be called a spike.</summary>
    public const int ReservationHistory = 10;

    /// <summary>The window of the failure rate.</summary>
    public static readonly TimeSpan FailureWindow = TimeSpan.FromHours(24);

    /// <summary>The conditions the runs show at <paramref name="now"/>.</summary>
    /// <param name="name">The monitor's name, for the messages.</param>
    /// <param name="runs">Recent finished runs, oldest first.</param>
    /// <param name="now">The current time.</param>
    /// <param name="rules">The monitor's overrides; null for the defaults.</param>
    public static IReadOnlyList<Insight> Analyze(string name, IReadOnlyList<Run> runs, DateTimeOffset now, RuleSettings? rules = null)
    {
        rules ??= RuleSettings.Defaults;
        var failureLimit = rules.Threshold(InsightKinds.FailureRate, FailureRateLimit);
        var discrepancyLimit = rules.Threshold(InsightKinds.DiscrepancyRate, DiscrepancyRateLimit);
        var rises = (int)rules.Threshold(InsightKinds.BacklogGrowth, BacklogRises);
        var found = new List<Insight>();
        var recent = runs.Where(r => r.FinishedAt is { } f && now - f <= FailureWindow && r.Outcome != RunOutcome.Running).ToList();
        var failed = recent.Count(r => r.Outcome is RunOutcome.Failed or RunOutcome.Timeout);
        if (rules.IsOn(InsightKinds.FailureRate) && recent.Count > 0 && (double)failed / recent.Count > failureLimit)
        {
            found.Add(new Insight(InsightKinds.FailureRate, InsightSeverity.Warning, string.Create(CultureInfo.InvariantCulture,
                $"{name}: {failed} of {recent.Count} runs failed in the last 24 h ({RunVerdict.Percent((double)failed / recent.Count)}, limit {RunVerdict.Percent(failureLimit)}).")));
        }

        var reports = runs.Where(r => r.Report is not null).Select(r => r.Report!).ToList();
        if (reports.Count == 0)
        {
            return found;
        }

        var latest = reports[^1];
        if (latest[RunReport.NegativeSalable] is { } oversold && oversold > 0)
        {
            found.Add(new Insight(InsightKinds.NegativeSalable, InsightSeverity.Critical, string.Create(CultureInfo.InvariantCulture,
                $"{name}: {oversold:0.##} {(oversold == 1 ? "item" : "items")} oversold (negative salable quantity).")));
        }

        if (rules.IsOn(InsightKinds.DiscrepancyRate) && latest[RunReport.Discrepancies] is { } discrepancies
            && latest[RunReport.Total] is { } total && total > 0 && discrepancies / total > discrepancyLimit)
        {
            found.Add(new Insight(InsightKinds.DiscrepancyRate, InsightSeverity.Warning, string.Create(CultureInfo.InvariantCulture,
                $"{name}: discrepancy rate {Percent2(discrepancies / total)} > {Percent2(discrepancyLimit)} ({discrepancies:0} of {total:0} SKUs): run a reconciliation.")));
        }

        var backlog = reports.Select(r => r[RunReport.Backlog]).Where(b => b is not null).Select(b => b!.Value).ToList();
        if (rules.IsOn(InsightKinds.BacklogGrowth) && backlog.Count > rises
            && backlog.TakeLast(rises + 1).Zip(backlog.TakeLast(rises)).All(p => p.Second > p.First))
        {
            var series = string.Join(" → ", backlog.TakeLast(rises + 1).Select(b => b.ToString("0.##", CultureInfo.InvariantCulture)));
            found.Add(new Insight(InsightKinds.BacklogGrowth, InsightSeverity.Warning,
                $"{name}: queue backlog rose in each of the last {rises} reports ({series}): the destination is not keeping up."));
        }

        var reserved = reports.Select(r => r[RunReport.Reserved]).Where(v => v is not null).Select(v => v!.Value).ToList();
        if (rules.IsOn(InsightKinds.ReservationSpike) && reserved.Count > ReservationHistory)
        {
            var before = reserved.Take(reserved.Count - 1).TakeLast(DurationAnalysis.BaselineRuns).ToList();
            var usual = Baseline.Of(before);
            var x = reserved[^1];
            if (usual.IsHigh(x))
            {
                found.Add(new Insight(InsightKinds.ReservationSpike, InsightSeverity.Warning, string.Create(CultureInfo.InvariantCulture,
                    $"{name}: {x:0} units reserved, usually {usual.Median:0}: a flash sale, a bot, or orders stuck unshipped?")));
            }
        }

        return found;
    }

    private static string Percent2(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
