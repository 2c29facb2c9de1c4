using System.Text;
using System.Text.Json;

namespace Stockbeat.Client.Tests;

/// <summary>Run reports: reading them from JSON, writing them within a size.</summary>
public sealed class RunReportTests
{
    [Fact]
    public void Parse_ReadsCountsMetricsAndLog_WhenObjectIsFlat()
    {
        var report = RunReport.Parse("""{"total": 1200, "errors": 3, "negative_salable": 0, "api_ms": 12.5, "log": "done"}""");

        Assert.Equal(1200, report.Total);
        Assert.Equal(3, report.Errors);
        Assert.Equal(0, report.NegativeSalable);
        Assert.Equal(12.5, report.Metrics["api_ms"]);
        Assert.Equal("done", report.Log);
        Assert.Equal(0.0025, report.ErrorRate);
    }

    [Theory]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{\"total\": \"12\"}", "'total' must be a number, not string")]
    [InlineData("{\"total\": -1}", "'total' must be a whole number of at least 0")]
    [InlineData("{\"errors\": 1.5}", "'errors' must be a whole number of at least 0")]
    [InlineData("{\"log\": 5}", "'log' must be a string")]
    [InlineData("{\"a b\": 5}", "'a b' is not a metric name")]
    [InlineData("{\"total\": 1", "not valid JSON")]
    public void Parse_ThrowsNamingProblem_WhenReportIsInvalid(string json, string problem)
    {
        var error = Assert.Throws<FormatException>(() => RunReport.Parse(json));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_WritesKnownCountsFirst_WhenMetricsAdded()
    {
        var report = new RunReport { Errors = 2, Total = 10 };
        report.Set("zeta", 1);
        report.Set("alpha", 0.5);

        Assert.Equal("""{"total":10,"errors":2,"alpha":0.5,"zeta":1}""", report.ToJson());
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1000)]
    public void ToJson_DropsStartOfLog_WhenLongerThanLimit(int limit)
    {
        var report = new RunReport { Total = 1, Log = string.Concat(Enumerable.Range(0, 500).Select(i => $"\"quoted\" ünïcode 😀 {i}\n")) };

        var json = report.ToJson(limit);

        Assert.InRange(Encoding.UTF8.GetByteCount(json), limit - 40, limit);
        var log = JsonDocument.Parse(json).RootElement.GetProperty("log").GetString()!;
        Assert.EndsWith("😀 499\n", log, StringComparison.Ordinal);
        Assert.EndsWith(log, report.Log, StringComparison.Ordinal);
    }
}
