using Stockbeat.Core.Analysis;

namespace Stockbeat.Core.Tests.Analysis;

public sealed class DurationAnalysisTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DurationLimits NoLimits = new(null, null, null);

    // Runs every `every`, durations from `seconds(i)`.
    private static List<DurationSample> Runs(int count, Func<int, double> seconds, TimeSpan? every = null) =>
        [.. Enumerable.Range(0, count).Select(i => new DurationSample(Start + ((every ?? TimeSpan.FromMinutes(15)) * i), TimeSpan.FromSeconds(seconds(i))))];

    // Normal noise with a fixed seed, so the table is the same on every machine.
    private static Func<int, double> Noisy(double median, double relativeSigma, int seed)
    {
        var random = new Random(seed);
        return _ =>
        {
            var gauss = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return Math.Max(1, median * (1 + (relativeSigma * gauss)));
        };
    }

    private static string[] Kinds(IReadOnlyList<Insight> insights) => [.. insights.Select(i => i.Kind)];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Analyze_FindsNothing_AcrossFiveHundredRunsOfOrdinaryNoise(int seed)
    {
        var samples = Runs(500, Noisy(300, 0.1, seed));

        // Judge every run as it arrives, as the analysis pass does, and count any alarm.
        var alarms = Enumerable.Range(1, samples.Count)
            .SelectMany(n => DurationAnalysis.Analyze("ERP to website", samples.Take(n).ToList(), new DurationLimits(TimeSpan.FromHours(1), null, TimeSpan.FromMinutes(15))))
            .ToList();

        Assert.Empty(alarms);
    }

    [Fact]
    public void Analyze_ReportsSuddenIncrease_WhenRunTakesSixTimesTheUsual()
    {
        var samples = Runs(30, Noisy(300, 0.05, 7));
        samples.Add(new DurationSample(samples[^1].FinishedAt.AddMinutes(15), TimeSpan.FromMinutes(30)));

        var insight = Assert.Single(DurationAnalysis.Analyze("ERP to website", samples, NoLimits));

        Assert.Equal(InsightKinds.DurationIncrease, insight.Kind);
        Assert.Equal(InsightSeverity.Warning, insight.Severity);
        // The noisy baseline's median is a little over 5 min, so the ratio is just under 6.
        Assert.Matches(@"^ERP to website took 30 min, usual 5 min \(5\.[89]× baseline\): API degradation or throttling\?$", insight.Message);
    }

    [Fact]
    public void Analyze_ReportsEarlyFinish_WhenRunTakesFortySecondsInsteadOfNineMinutes()
    {
        var samples = Runs(20, Noisy(540, 0.05, 11));
        samples.Add(new DurationSample(samples[^1].FinishedAt.AddMinutes(15), TimeSpan.FromSeconds(40)));

        var insight = Assert.Single(DurationAnalysis.Analyze("ERP to Amazon", samples, NoLimits));

        Assert.Equal(InsightKinds.DurationDecrease, insight.Kind);
        Assert.Equal("ERP to Amazon finished in 40 s, usual 9 min: completing early, check that it did all its work.", insight.Message);
    }

    [Theory]
    // The same slow run on the first runs of a monitor: no baseline yet, nothing said.
    [InlineData(2)]
    [InlineData(DurationAnalysis.MinHistory - 1)]
    public void Analyze_StaysQuiet_BeforeMinimumHistory(int before)
    {
        var samples = Runs(before, _ => 300);
        samples.Add(new DurationSample(Start.AddDays(1), TimeSpan.FromMinutes(30)));

        Assert.Empty(DurationAnalysis.Analyze("x", samples, NoLimits));
    }

    [Fact]
    public void Analyze_ReportsTooFast_EvenOnFirstRun_WhenUnderMinRuntime()
    {
        var samples = Runs(1, _ => 40);

        var insight = Assert.Single(DurationAnalysis.Analyze("ERP to Amazon", samples, new DurationLimits(null, TimeSpan.FromMinutes(2), null)));

        Assert.Equal(InsightKinds.TooFast, insight.Kind);
        Assert.Equal("ERP to Amazon finished in 40 s, under its minimum of 2 min: it probably skipped work, check it.", insight.Message);
    }

    [Theory]
    // Linear growth of 1% of the first duration a day, with and without 3% noise; max_runtime twice the first
    // duration. After 30 days the fitted duration is 1.3× and it reaches 2× in 70 more days.
    [InlineData(0.0, 5)]
    [InlineData(0.03, 5)]
    [InlineData(0.03, 6)]
    public void DaysUntil_ProjectsReachingMaxRuntime_WithinTenPercent(double noise, int seed)
    {
        var jitter = Noisy(1, noise, seed);
        var samples = Runs(31, i => 1800 * (1 + (0.01 * i)) * (noise == 0 ? 1 : jitter(i)), TimeSpan.FromDays(1));

        var days = DurationAnalysis.DaysUntil(samples, TimeSpan.FromHours(1));

        Assert.NotNull(days);
        Assert.InRange(days.Value, 63, 77);
    }

    [Fact]
    public void Analyze_ReportsTrendWithProjection_WhenDurationGrewAThirdInTwoWeeks()
    {
        // supplier→ERP: 30 min growing ~2.7% a day for 14 days, timeout at 60 min.
        var jitter = Noisy(1, 0.02, 3);
        var samples = Runs(15, i => 1800 * (1 + (0.027 * i)) * jitter(i), TimeSpan.FromDays(1));

        var insight = Assert.Single(DurationAnalysis.Analyze("supplier to ERP", samples, new DurationLimits(TimeSpan.FromHours(1), null, TimeSpan.FromDays(1))));

        Assert.Equal(InsightKinds.DurationTrend, insight.Kind);
        Assert.StartsWith("supplier to ERP duration grew 3", insight.Message, StringComparison.Ordinal);
        Assert.Contains("in 14 days", insight.Message, StringComparison.Ordinal);
        Assert.Contains("reaches its 1 h max_runtime in about", insight.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ReportsFiveToThirtyMinuteStep_AsIncreaseThenHeadroom()
    {
        // A sync that jumped from 5 to 30 minutes and stayed there: first an outlier, later a new normal whose
        // p95 is at half of a 45 min max_runtime… until the baseline moves, it keeps being called an increase.
        var samples = Runs(20, _ => 300);
        samples.AddRange(Enumerable.Range(0, 3).Select(i => new DurationSample(samples[^1].FinishedAt.AddMinutes(15 * (i + 1)), TimeSpan.FromMinutes(30))));

        var kinds = Kinds(DurationAnalysis.Analyze("ERP to website", samples, new DurationLimits(TimeSpan.FromMinutes(45), null, null)));

        Assert.Contains(InsightKinds.DurationIncrease, kinds);
    }

    [Fact]
    public void Analyze_ReportsHeadroom_WhenP95NearMaxRuntime()
    {
        var samples = Runs(20, i => 2900 + (i % 5 * 20));

        var insight = Assert.Single(DurationAnalysis.Analyze("ERP to eBay", samples, new DurationLimits(TimeSpan.FromHours(1), null, null)));

        Assert.Equal(InsightKinds.TimeoutHeadroom, insight.Kind);
        Assert.StartsWith("ERP to eBay: p95 duration 50 min", insight.Message, StringComparison.Ordinal);
        Assert.Contains("of its 1 h max_runtime", insight.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ReportsOverlapRisk_WhenP95NearInterval()
    {
        var samples = Runs(20, i => 840 + (i % 3));

        var insight = Assert.Single(DurationAnalysis.Analyze("POS to web", samples, new DurationLimits(null, null, TimeSpan.FromMinutes(15))));

        Assert.Equal(InsightKinds.Budget, insight.Kind);
        Assert.Contains("of the 15 min interval: runs will start to overlap", insight.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ReportsVariability_WhenDurationsSpreadWidely()
    {
        var random = new Random(42);
        var samples = Runs(40, _ => 60 + random.Next(0, 600));

        Assert.Contains(InsightKinds.DurationVariability, Kinds(DurationAnalysis.Analyze("ERP to Woo", samples, NoLimits)));
    }

    [Fact]
    public void Analyze_StaysQuiet_WhenSteadyJobVariesByAFewSeconds()
    {
        // A job that always takes exactly 10 s has a MAD of zero; 14 s must not be "5 sigma".
        var samples = Runs(30, _ => 10);
        samples.Add(new DurationSample(samples[^1].FinishedAt.AddMinutes(15), TimeSpan.FromSeconds(14)));

        Assert.Empty(DurationAnalysis.Analyze("x", samples, NoLimits));
    }
}
