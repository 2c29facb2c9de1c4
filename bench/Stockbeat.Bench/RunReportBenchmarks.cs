using System.Text;
using BenchmarkDotNet.Attributes;
using Stockbeat.Core.Runs;

namespace Stockbeat.Bench;

/// <summary>
/// <see cref="RunReport.TryParse"/>, which the ping endpoint runs on the request's thread for every finish ping with a
/// body: a sync's report with the known counts, two custom metrics and a log excerpt; and a plain-text body.
/// </summary>
[MemoryDiagnoser]
public class RunReportBenchmarks
{
    private byte[] _body = [];

    [Params("report", "report-with-log", "text")]
    public string Body { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var log = string.Join("\\n", Enumerable.Range(1, 40).Select(i => $"2026-11-28T12:00:{i % 60:D2}Z batch {i}: 125 SKUs sent, 0 rejected"));
        const string report =
            "{\"total\": 5200, \"updated\": 318, \"unchanged\": 4870, \"errors\": 12, \"reserved\": 940, \"backlog\": 3, "
            + "\"discrepancies\": 7, \"negative_salable\": 0, \"amazon_throttled\": 2, \"feed_bytes\": 184320";
        _body = Encoding.UTF8.GetBytes(Body switch
        {
            "report" => report + "}",
            "report-with-log" => report + $", \"log\": \"{log}\"}}",
            _ => log.Replace("\\n", "\n", StringComparison.Ordinal),
        });
    }

    [Benchmark]
    public RunReport? Parse() => RunReport.TryParse(_body, out var report, out _) ? report : null;
}
