using Microsoft.Extensions.Logging;
using Stockbeat.Core.Analysis;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Platforms;
using Stockbeat.Core.Runs;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// One pass of the analysis: for each monitor with newly finished runs, judges its durations and metrics and records
/// the insights that started or ended.
/// </summary>
/// <param name="batchSize">Monitors analysed per transaction.</param>
/// <param name="maxBatches">Batches per pass.</param>
internal sealed partial class AnalysisPass(
    IStore store, InsightNotifier notifier, PingBacklog backlog, TimeProvider time, ILogger<AnalysisPass> logger,
    int batchSize = AnalysisPass.BatchSize, int maxBatches = AnalysisPass.MaxBatches)
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

    // The id after which the next pass starts: where the last one stopped at its limit.
    private long _resumeAfter;

    /// <summary>Analyses the monitors that are due; returns the insights opened.</summary>
    public async Task<IReadOnlyList<InsightRecord>> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var opened = new List<InsightRecord>();
        // Walks up the ids from where the last pass stopped, wrapping around once at the highest: under sustained load
        // monitors keep becoming due again, and a pass that always began at the lowest ids would never reach the others.
        var afterId = _resumeAfter;
        var wrapped = afterId == 0;
        for (var i = 0; i < maxBatches; i++)
        {
            var started = time.GetTimestamp();
            var due = await store.FindChecksToAnalyzeAsync(afterId, batchSize, ct);
            opened.AddRange(await AnalyzeAsync(due, now, ct));
            if (due.Count < batchSize && wrapped)
            {
                _resumeAfter = 0;
                return opened;
            }

            (afterId, wrapped) = due.Count < batchSize ? (0L, true) : (due[^1].Check.Id, wrapped);
            // Only while acknowledged pings wait to be stored: insights can come a little later, but with long run
            // histories the analysis took a third of the ping rate.
            if (backlog.Count > 0)
            {
                await BatchRest.AfterAsync(time, started, ct);
            }
        }

        _resumeAfter = afterId;
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
