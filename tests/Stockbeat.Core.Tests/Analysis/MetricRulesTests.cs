using System.Text;
using Stockbeat.Core.Analysis;
using Stockbeat.Core.Runs;

namespace Stockbeat.Core.Tests.Analysis;

public sealed class MetricRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private static Run RunAt(int minutesAgo, RunOutcome outcome = RunOutcome.Success, string? report = null)
    {
        RunReport? parsed = null;
        if (report is not null)
        {
            Assert.True(RunReport.TryParse(Encoding.UTF8.GetBytes(report), out parsed, out _));
        }

        var finished = Now.AddMinutes(-minutesAgo);
        return new Run(0, 1, null, finished.AddMinutes(-5), finished, outcome, null, null, parsed, null);
    }

    private static List<Run> Reports(params string[] reports) =>
        [.. reports.Select((r, i) => RunAt((reports.Length - i) * 15, report: r))];

    [Theory]
    // 1 failure in 100 runs is 1%: fine. 3 in 100 is over 2%.
    [InlineData(100, 1, false)]
    [InlineData(100, 2, false)]
    [InlineData(100, 3, true)]
    [InlineData(10, 1, true)]
    public void Analyze_WarnsOfFailureRate_WhenOverTwoPercentInADay(int runs, int failures, bool expected)
    {
        var list = Enumerable.Range(0, runs).Select(i => RunAt(i * 10, i < failures ? RunOutcome.Failed : RunOutcome.Success)).ToList();

        var insights = MetricRules.Analyze("ERP to Amazon", list, Now);

        Assert.Equal(expected, insights.Any(i => i.Kind == InsightKinds.FailureRate));
    }

    [Fact]
    public void Analyze_IgnoresFailures_OlderThanADay()
    {
        var list = new List<Run> { RunAt(25 * 60, RunOutcome.Failed), RunAt(10) };

        Assert.Empty(MetricRules.Analyze("x", list, Now));
    }

    [Fact]
    public void Analyze_SaysFailureRateInWords()
    {
        var list = new List<Run> { RunAt(30, RunOutcome.Timeout), RunAt(20), RunAt(10) };

        var insight = Assert.Single(MetricRules.Analyze("ERP to Amazon", list, Now));

        Assert.Equal("ERP to Amazon: 1 of 3 runs failed in the last 24 h (33.3%, limit 2%).", insight.Message);
    }

    [Theory]
    [InlineData("""{"total":10000,"discrepancies":50}""", false)]
    [InlineData("""{"total":10000,"discrepancies":80}""", true)]
    [InlineData("""{"discrepancies":80}""", false)]
    public void Analyze_WarnsOfDiscrepancyRate_WhenOverHalfAPercent(string report, bool expected)
    {
        var insights = MetricRules.Analyze("ERP to website", Reports(report), Now);

        Assert.Equal(expected, insights.Any(i => i.Kind == InsightKinds.DiscrepancyRate));
    }

    [Fact]
    public void Analyze_NamesDiscrepancyRateAndReconciliation()
    {
        var insight = Assert.Single(MetricRules.Analyze("ERP to website", Reports("""{"total":10000,"discrepancies":80}"""), Now));

        Assert.Equal("ERP to website: discrepancy rate 0.8% > 0.5% (80 of 10000 SKUs): run a reconciliation.", insight.Message);
    }

    [Theory]
    [InlineData(new double[] { 10, 20, 30, 40 }, true)]
    [InlineData(new double[] { 50, 10, 20, 30 }, false)]
    [InlineData(new double[] { 10, 20, 20, 30 }, false)]
    [InlineData(new double[] { 20, 30, 40 }, false)]
    public void Analyze_WarnsOfBacklogGrowth_WhenRisingOverThreeReports(double[] backlog, bool expected)
    {
        var runs = Reports([.. backlog.Select(b => $$"""{"backlog":{{b}}}""")]);

        var insights = MetricRules.Analyze("ERP to eBay", runs, Now);

        Assert.Equal(expected, insights.Any(i => i.Kind == InsightKinds.BacklogGrowth));
    }

    [Fact]
    public void Analyze_WarnsOfReservationSpike_AgainstRobustBaseline()
    {
        var usual = Enumerable.Range(0, 20).Select(i => $$"""{"reserved":{{100 + (i % 7)}}}""");
        var runs = Reports([.. usual, """{"reserved":480}"""]);

        var insight = Assert.Single(MetricRules.Analyze("POS to web", runs, Now));

        Assert.Equal(InsightKinds.ReservationSpike, insight.Kind);
        Assert.StartsWith("POS to web: 480 units reserved, usually 103", insight.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_IsCritical_WhenItemsOversold()
    {
        var insight = Assert.Single(MetricRules.Analyze("ERP to Amazon", Reports("""{"total":100,"negative_salable":3}"""), Now));

        Assert.Equal(InsightKinds.NegativeSalable, insight.Kind);
        Assert.Equal(InsightSeverity.Critical, insight.Severity);
        Assert.Equal("ERP to Amazon: 3 items oversold (negative salable quantity).", insight.Message);
    }

    [Fact]
    public void Analyze_UsesMonitorThresholds_AndSkipsRulesSwitchedOff()
    {
        var runs = Reports("""{"total":1000,"discrepancies":8,"backlog":1}""", """{"total":1000,"discrepancies":8,"backlog":2}""",
            """{"total":1000,"discrepancies":8,"backlog":3}""", """{"total":1000,"discrepancies":8,"backlog":4}""");
        runs.Add(RunAt(1, RunOutcome.Failed));
        var rules = new RuleSettings(new Dictionary<string, double?>
        {
            [InsightKinds.FailureRate] = 0.5,
            [InsightKinds.DiscrepancyRate] = null,
            [InsightKinds.BacklogGrowth] = 5,
        });

        Assert.Equal(
            [InsightKinds.FailureRate, InsightKinds.DiscrepancyRate, InsightKinds.BacklogGrowth],
            MetricRules.Analyze("x", runs, Now).Select(i => i.Kind));
        Assert.Empty(MetricRules.Analyze("x", runs, Now, rules));
    }

    [Theory]
    [InlineData("failure_rate", 0.1, null)]
    [InlineData("failure_rate", 1.5, "failure_rate must be false or a number from 0 to 1")]
    [InlineData("duration_variability", null, null)]
    [InlineData("duration_variability", 0.3, "duration_variability can only be switched off (false)")]
    [InlineData("negative_salable", null, "negative_salable cannot be changed: oversold items always open an incident")]
    [InlineData("speed", null, "speed is not a rule; known rules: ")]
    public void TryValidate_NamesTheProblem(string kind, double? value, string? problem)
    {
        var ok = RuleSettings.TryValidate(kind, value, out var found);

        Assert.Equal(problem is null, ok);
        if (problem is not null)
        {
            Assert.StartsWith(problem, found, StringComparison.Ordinal);
        }
    }
}
