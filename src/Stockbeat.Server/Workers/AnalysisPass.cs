using Microsoft.Extensions.Logging;
using Stockbeat.Core.Analysis;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Platforms;
using Stockbeat.Core.Runs;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// One pass of the analysis: for each monitor with newly finished runs, judges its durations and metrics and records
/// the insights that started or ended.
/// </summary>
internal sealed partial class AnalysisPass(IStore store, InsightNotifier notifier, TimeProvider time, ILogger<AnalysisPass> logger)
{
    /// <summary>Monitors analysed per transaction.</summary>
    public const int BatchSize = 200;

    /// <summary>
    /// Batches per pass: up to 10 000 monitors, so that 100 000 monitors finishing a run every five minutes are kept
    /// up with; beyond that the next pass goes on.
    /// </summary>
    public const int MaxBatches = 50;

    /// <summary>How many recent runs the rules look at.</summary>
    public const int History = 200;

    /// <summary>Analyses the monitors that are due; returns the insights opened.</summary>
    public async Task<IReadOnlyList<InsightRecord>> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var opened = new List<InsightRecord>();
        // Walks up the ids, so that monitors that keep finishing runs do not hold the others back.
        var afterId = 0L;
        for (var i = 0; i < MaxBatches; i++)
        {
            var due = await store.FindChecksToAnalyzeAsync(afterId, BatchSize, ct);
            opened.AddRange(await AnalyzeAsync(due, now, ct));
            if (due.Count < BatchSize)
            {
                break;
            }

            afterId = due[^1].Check.Id;
        }

        return opened;
    }

    private async Task<IReadOnlyList<InsightRecord>> AnalyzeAsync(IReadOnlyList<(Check Check, long Due)> due, DateTimeOffset now, CancellationToken ct)
    {
        var checks = new Dictionary<long, Check>();
        var judged = new List<InsightSync>();
        var history = await store.ListRecentRunsAsync([.. due.Select(d => d.Check.Id)], History, ct);
        foreach (var (check, count) in due)
        {
            var runs = history[check.Id].Reverse().ToList();
            checks[check.Id] = check;
            judged.Add(new InsightSync(check.Id, count, Judge(check, runs, now)));
        }

        var opened = await store.SyncInsightsAsync(judged, now, ct);
        foreach (var insight in opened)
        {
            var check = checks[insight.CheckId];
            LogInsight(logger, check.Name, insight.Kind, insight.Message);
            // Criticals are failed runs too, so their incident already pages; warnings are told here, once.
            if (insight.Severity == "warning")
            {
                await notifier.NotifyAsync(check, insight, ct);
            }
        }

        return opened;
    }

    /// <summary>Every condition the runs of <paramref name="check"/> show at <paramref name="now"/>.</summary>
    public static IReadOnlyList<Insight> Judge(Check check, IReadOnlyList<Run> runs, DateTimeOffset now)
    {
        var durations = runs
            .Where(r => r.Outcome == RunOutcome.Success && r.Duration is not null)
            .Select(r => new DurationSample(r.FinishedAt!.Value, r.Duration!.Value))
            .ToList();
        var interval = check.Schedule.IntervalAt(now);
        var limits = new DurationLimits(check.MaxRuntime, check.MinRuntime, interval);
        var found = DurationAnalysis.Analyze(check.Name, durations, limits, check.Rules)
            .Concat(MetricRules.Analyze(check.Name, runs, now, check.Rules))
            .ToList();
        return WithPlatformBudget(check, interval, found);
    }

    // A schedule the platform's API budget cannot carry is a budget insight too; one insight per kind, so when the
    // durations also near the interval the two findings share it.
    private static List<Insight> WithPlatformBudget(Check check, TimeSpan? interval, List<Insight> found)
    {
        if (!check.Rules.IsOn(InsightKinds.Budget) || interval is not { } every || every <= TimeSpan.Zero
            || check.SkuCount is not { } skus || PlatformProfile.Find(check.Platform ?? "") is not { } platform
            || CapacityPlanner.Plan(platform, skus, every) is not { Fits: false } plan)
        {
            return found;
        }

        var durations = found.FirstOrDefault(i => i.Kind == InsightKinds.Budget);
        found.Remove(durations!);
        found.Add(new Insight(InsightKinds.Budget, InsightSeverity.Warning,
            durations is null ? $"{check.Name}: {plan.Message}" : $"{check.Name}: {plan.Message} {durations.Message}"));
        return found;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Insight for {Monitor}: {Kind}: {Message}")]
    private static partial void LogInsight(ILogger logger, string monitor, string kind, string message);
}
