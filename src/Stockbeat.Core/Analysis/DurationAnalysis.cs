using System.Globalization;

namespace Stockbeat.Core.Analysis;

/// <summary>A successful run's duration and when it finished.</summary>
public sealed record DurationSample(DateTimeOffset FinishedAt, TimeSpan Duration);

/// <summary>The limits a monitor's durations are judged against.</summary>
/// <param name="MaxRuntime">When a run times out, if the monitor sets it.</param>
/// <param name="MinRuntime">Below this a run is suspicious, if set.</param>
/// <param name="Interval">The gap between scheduled runs, if known.</param>
public sealed record DurationLimits(TimeSpan? MaxRuntime, TimeSpan? MinRuntime, TimeSpan? Interval);

/// <summary>
/// Judges the latest successful run against a robust baseline of the ones before it. Formulas and thresholds are
/// documented in docs/analysis.md; change both together.
/// </summary>
public static class DurationAnalysis
{
    /// <summary>Runs needed before any baseline judgement: a few early runs say little about "usual".</summary>
    public const int MinHistory = 10;

    /// <summary>How many recent runs make the baseline.</summary>
    public const int BaselineRuns = 50;

    /// <summary>Robust coefficient of variation above which durations are called unstable.</summary>
    public const double VariabilityLimit = 0.5;

    /// <summary>A trend is reported when the fitted duration grew by this share over the window…</summary>
    public const double TrendGrowth = 0.2;

    /// <summary>…or when it reaches max_runtime within this many days.</summary>
    public const double TrendHorizonDays = 30;

    /// <summary>Share of rising pairs needed for a trend to be steady rather than noise.</summary>
    public const double TrendAgreement = 0.7;

    /// <summary>p95 above this share of max_runtime or of the interval leaves too little headroom.</summary>
    public const double HeadroomShare = 0.8;

    /// <summary>The conditions the durations show now; empty when all is usual.</summary>
    /// <param name="name">The monitor's name, for the messages.</param>
    /// <param name="samples">Successful runs with a duration, oldest first; the last one is judged.</param>
    /// <param name="limits">The monitor's limits.</param>
    /// <param name="rules">The monitor's overrides; null for the defaults.</param>
    public static IReadOnlyList<Insight> Analyze(string name, IReadOnlyList<DurationSample> samples, DurationLimits limits, RuleSettings? rules = null)
    {
        rules ??= RuleSettings.Defaults;
        return [.. AnalyzeAll(name, samples, limits, rules).Where(i => rules.IsOn(i.Kind))];
    }

    private static List<Insight> AnalyzeAll(string name, IReadOnlyList<DurationSample> samples, DurationLimits limits, RuleSettings rules)
    {
        var found = new List<Insight>();
        if (samples.Count == 0)
        {
            return found;
        }

        var latest = samples[^1].Duration;
        if (limits.MinRuntime is { } min && latest < min)
        {
            found.Add(new Insight(InsightKinds.TooFast, InsightSeverity.Warning,
                $"{name} finished in {Words.ApproxDuration(latest)}, under its minimum of {Words.ApproxDuration(min)}: it probably skipped work, check it."));
        }

        var history = samples.Count > BaselineRuns + 1 ? samples.Skip(samples.Count - BaselineRuns - 1).ToList() : samples.ToList();
        var baseline = history.Take(history.Count - 1).Select(s => s.Duration.TotalSeconds).ToList();
        if (baseline.Count < MinHistory)
        {
            return found;
        }

        var usualRun = Baseline.Of(baseline);
        var median = usualRun.Median;
        var x = latest.TotalSeconds;
        var usual = Words.ApproxDuration(TimeSpan.FromSeconds(median));
        if (usualRun.IsHigh(x))
        {
            found.Add(new Insight(InsightKinds.DurationIncrease, InsightSeverity.Warning,
                $"{name} took {Words.ApproxDuration(latest)}, usual {usual} ({Ratio(x / median)} baseline): API degradation or throttling?"));
        }
        else if (usualRun.IsLow(x))
        {
            found.Add(new Insight(InsightKinds.DurationDecrease, InsightSeverity.Warning,
                $"{name} finished in {Words.ApproxDuration(latest)}, usual {usual}: completing early, check that it did all its work."));
        }

        var spread = Robust.MadToSigma * Robust.Mad(baseline, median) / median;
        if (spread > VariabilityLimit)
        {
            found.Add(new Insight(InsightKinds.DurationVariability, InsightSeverity.Warning,
                $"{name} durations vary widely (robust spread {Percent(spread)} of the usual {usual}): the system it talks to may be unstable."));
        }

        var all = history.Select(s => s.Duration.TotalSeconds).ToList();
        var p95 = Robust.Percentile(all, 0.95);
        if (limits.MaxRuntime is { } max && p95 >= rules.Threshold(InsightKinds.TimeoutHeadroom, HeadroomShare) * max.TotalSeconds)
        {
            found.Add(new Insight(InsightKinds.TimeoutHeadroom, InsightSeverity.Warning,
                $"{name}: p95 duration {Words.ApproxDuration(TimeSpan.FromSeconds(p95))} is {Percent(p95 / max.TotalSeconds)} of its {Words.ApproxDuration(max)} max_runtime: raise the limit or speed up the sync."));
        }

        if (limits.Interval is { } interval && p95 >= rules.Threshold(InsightKinds.Budget, HeadroomShare) * interval.TotalSeconds)
        {
            found.Add(new Insight(InsightKinds.Budget, InsightSeverity.Warning,
                $"{name}: p95 duration {Words.ApproxDuration(TimeSpan.FromSeconds(p95))} is {Percent(p95 / interval.TotalSeconds)} of the {Words.ApproxDuration(interval)} interval: runs will start to overlap."));
        }

        if (Trend(name, history, limits.MaxRuntime) is { } trend)
        {
            found.Add(trend);
        }

        return found;
    }

    /// <summary>
    /// Days until the fitted duration reaches <paramref name="limit"/> at the Theil–Sen rate, or null when it does
    /// not grow.
    /// </summary>
    public static double? DaysUntil(IReadOnlyList<DurationSample> samples, TimeSpan limit)
    {
        var (slope, intercept, _, end) = Fit(samples);
        if (slope <= 0)
        {
            return null;
        }

        var now = intercept + (slope * end);
        return Math.Max(0, (limit.TotalSeconds - now) / slope);
    }

    private static Insight? Trend(string name, IReadOnlyList<DurationSample> history, TimeSpan? max)
    {
        var (slope, intercept, agreement, end) = Fit(history);
        if (slope <= 0 || agreement < TrendAgreement || end <= 0)
        {
            return null;
        }

        var first = intercept;
        var now = intercept + (slope * end);
        var growth = first > 0 ? (now - first) / first : 0;
        var days = max is { } m ? (m.TotalSeconds - now) / slope : (double?)null;
        if (growth < TrendGrowth && !(days is { } d && d <= TrendHorizonDays))
        {
            return null;
        }

        var window = string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, Math.Round(end))} days");
        var message = $"{name} duration grew {Percent(growth)} in {window} (now about {Words.ApproxDuration(TimeSpan.FromSeconds(now))})";
        message += max is { } limit && days is { } left
            ? left <= 0
                ? $": it already reaches its {Words.ApproxDuration(limit)} max_runtime."
                : string.Create(CultureInfo.InvariantCulture, $": at this rate it reaches its {Words.ApproxDuration(limit)} max_runtime in about {Math.Ceiling(left)} days.")
            : ": catalog growth? Set max_runtime to get a projection.";
        return new Insight(InsightKinds.DurationTrend, InsightSeverity.Warning, message);
    }

    // Theil–Sen line through (days since the first sample, seconds): slope per day, intercept at day 0 (the median
    // of y - slope·x, as Sen's estimator takes it), the share of rising pairs, and the last sample's day.
    private static (double Slope, double Intercept, double Agreement, double End) Fit(IReadOnlyList<DurationSample> samples)
    {
        if (samples.Count < MinHistory)
        {
            return (0, 0, 0, 0);
        }

        var origin = samples[0].FinishedAt;
        var points = samples.Select(s => ((s.FinishedAt - origin).TotalDays, s.Duration.TotalSeconds)).ToList();
        var (slope, agreement) = Robust.TheilSen(points);
        var intercept = Robust.Median([.. points.Select(p => p.Item2 - (slope * p.Item1))]);
        return (slope, intercept, agreement, points[^1].Item1);
    }

    private static string Ratio(double ratio) => ratio.ToString(ratio >= 10 ? "0" : "0.#", CultureInfo.InvariantCulture) + "×";

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
