using System.Text;
using Stockbeat.Core.Runs;

namespace Stockbeat.Core.Tests.Runs;

public sealed class RunReportTests
{
    private static bool Parse(string body, out RunReport? report, out string? problem)
    {
        var ok = RunReport.TryParse(Encoding.UTF8.GetBytes(body), out var parsed, out problem);
        report = parsed;
        return ok;
    }

    [Fact]
    public void TryParse_ReadsEveryNumericField_WhenBodyIsFlatObject()
    {
        var ok = Parse("""{"total":1200,"updated":310,"unchanged":887,"errors":3,"backlog":12.5,"amazon_throttled":4}""", out var report, out var problem);

        Assert.True(ok);
        Assert.Null(problem);
        Assert.Null(report!.Problem);
        Assert.Equal(1200, report[RunReport.Total]);
        Assert.Equal(3, report[RunReport.Errors]);
        Assert.Equal(12.5, report[RunReport.Backlog]);
        Assert.Equal(4, report["amazon_throttled"]);
        Assert.Null(report[RunReport.Discrepancies]);
        Assert.Equal(["total", "updated", "unchanged", "errors", "backlog", "amazon_throttled"], report.Metrics.Keys);
    }

    [Fact]
    public void TryParse_KeepsLogField_AsOutputExcerpt()
    {
        Parse("""{"total":5,"log":"line 1\nline 2"}""", out var report, out _);

        Assert.Equal("line 1\nline 2", report!.Log);
        Assert.Equal(["total"], report.Metrics.Keys);
    }

    [Theory]
    // Plain log text, as Healthchecks clients send: not a report, and nothing wrong with it.
    [InlineData("sync finished, 1200 SKUs")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    [InlineData("42")]
    public void TryParse_ReturnsFalseWithoutProblem_WhenBodyIsNotAnObject(string body)
    {
        var ok = Parse(body, out var report, out var problem);

        Assert.False(ok);
        Assert.Null(report);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("{\"total\": 12")]
    [InlineData("{total: 12}")]
    [InlineData("{\"total\": 12,}")]
    public void TryParse_NamesTheProblem_WhenObjectIsMalformed(string body)
    {
        var ok = Parse(body, out var report, out var problem);

        Assert.False(ok);
        Assert.Null(report);
        Assert.StartsWith("the report is not valid JSON", problem, StringComparison.Ordinal);
        Assert.EndsWith("kept as log text", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_IgnoresNonNumericFields_AndSaysWhich()
    {
        Parse("""{"total":"1200","errors":3,"ok":true,"nested":{"a":1}}""", out var report, out _);

        Assert.Equal(["errors"], report!.Metrics.Keys);
        Assert.Equal("ignored: 'total' is not a number; 'ok' is not a number; 'nested' is not a number", report.Problem);
    }

    [Fact]
    public void TryParse_AcceptsByteOrderMarkAndLeadingWhitespace()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("\r\n  {\"total\":1}")).ToArray();

        Assert.True(RunReport.TryParse(body, out var report, out _));
        Assert.Equal(1, report[RunReport.Total]);
    }

    [Fact]
    public void TryParse_KeepsAtMostMaxMetrics()
    {
        var fields = string.Join(",", Enumerable.Range(0, RunReport.MaxMetrics + 3).Select(i => $"\"m{i}\":{i}"));

        Parse("{" + fields + "}", out var report, out _);

        Assert.Equal(RunReport.MaxMetrics, report!.Metrics.Count);
        Assert.Contains("over the limit of 64 metrics", report.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("")]
    [InlineData("ünicode")]
    public void TryParse_IgnoresField_WhenNameIsNotAMetricName(string name)
    {
        Parse($$"""{"{{name}}":1,"total":2}""", out var report, out _);

        Assert.Equal(["total"], report!.Metrics.Keys);
        Assert.Contains("is not a metric name", report.Problem, StringComparison.Ordinal);
    }
}
