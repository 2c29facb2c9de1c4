using System.Text;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Runs;

namespace Stockbeat.Core.Tests.Runs;

public sealed class RunVerdictTests
{
    private static RunReport Report(string json)
    {
        Assert.True(RunReport.TryParse(Encoding.UTF8.GetBytes(json), out var report, out _));
        return report;
    }

    [Fact]
    public void Judge_CountsSuccessAsFailed_WhenErrorRateAboveThreshold()
    {
        var verdict = RunVerdict.Judge(PingKind.Success, null, Report("""{"total":5200,"errors":318}"""), 0.05);

        Assert.Equal(PingKind.Fail, verdict.Kind);
        Assert.Equal(RunOutcome.Failed, verdict.Outcome);
        Assert.Equal("6.1% of SKUs failed (318 of 5200; limit 5%): run counted as failed", verdict.Reason);
    }

    [Theory]
    // errors/total exactly at the threshold is still a success: the limit is "above".
    [InlineData(1000, 50, 0.05, RunOutcome.Success)]
    [InlineData(1000, 51, 0.05, RunOutcome.Failed)]
    [InlineData(1000, 0, 0.0, RunOutcome.Success)]
    [InlineData(1000, 1, 0.0, RunOutcome.Failed)]
    [InlineData(1000, 1000, 1.0, RunOutcome.Success)]
    [InlineData(0, 5, 0.05, RunOutcome.Success)]
    [InlineData(10, -3, 0.05, RunOutcome.Success)]
    public void Judge_ComparesErrorRateWithThreshold(double total, double errors, double threshold, RunOutcome expected)
    {
        var report = Report($$"""{"total":{{total}},"errors":{{errors}}}""");

        Assert.Equal(expected, RunVerdict.Judge(PingKind.Success, null, report, threshold).Outcome);
    }

    [Theory]
    [InlineData("""{"errors":500}""")]
    [InlineData("""{"total":500}""")]
    [InlineData("""{}""")]
    public void Judge_IsSuccess_WhenReportLacksTotalOrErrors(string json)
    {
        var verdict = RunVerdict.Judge(PingKind.Success, 0, Report(json), 0.05);

        Assert.Equal(new RunVerdict(PingKind.Success, RunOutcome.Success, null), verdict);
    }

    [Fact]
    public void Judge_IsSuccess_WhenNoReport()
    {
        Assert.Equal(RunOutcome.Success, RunVerdict.Judge(PingKind.Success, null, null, 0.05).Outcome);
    }

    [Theory]
    [InlineData(null, "the job reported a failure")]
    [InlineData(3, "the job exited with status 3")]
    [InlineData(255, "the job exited with status 255")]
    public void Judge_NamesFailure_WhenJobReportsIt(int? exitStatus, string reason)
    {
        var verdict = RunVerdict.Judge(PingKind.Fail, exitStatus, Report("""{"total":10,"errors":0}"""), 0.05);

        Assert.Equal(new RunVerdict(PingKind.Fail, RunOutcome.Failed, reason), verdict);
    }

    [Theory]
    [InlineData(0.05, "5%")]
    [InlineData(0.061, "6.1%")]
    [InlineData(0.0049, "0.5%")]
    [InlineData(1, "100%")]
    public void Percent_WritesAtMostOneDecimal(double fraction, string expected)
    {
        Assert.Equal(expected, RunVerdict.Percent(fraction));
    }

    [Theory]
    [InlineData("""{"total":1000,"errors":0,"negative_salable":3}""", "3 items oversold (negative salable quantity)")]
    [InlineData("""{"negative_salable":1}""", "1 item oversold (negative salable quantity)")]
    // Oversold is named before the error rate: it is the one that costs orders.
    [InlineData("""{"total":100,"errors":50,"negative_salable":2}""", "2 items oversold (negative salable quantity)")]
    public void Judge_FailsRun_WhenItemsOversold(string json, string reason)
    {
        var verdict = RunVerdict.Judge(PingKind.Success, null, Report(json), 0.05);

        Assert.Equal(new RunVerdict(PingKind.Fail, RunOutcome.Failed, reason), verdict);
    }

    [Fact]
    public void Judge_IsSuccess_WhenNegativeSalableIsZero()
    {
        Assert.Equal(RunOutcome.Success, RunVerdict.Judge(PingKind.Success, null, Report("""{"negative_salable":0}"""), 0.05).Outcome);
    }
}
