using System.Text.Json;
using Stockbeat.Testing;

namespace Stockbeat.Tests.Reconcile;

/// <summary><c>stockbeat reconcile</c> run as a process, as a nightly cron job runs it.</summary>
public sealed class ReconcileCliTests : IDisposable
{
    // SnapshotPair with 20 000 SKUs: 64 discrepancies of 20 014 distinct SKUs (0.32 %), 20 oversold.
    private const int Skus = 20_000;

    private readonly TempDirectory _folder = new();
    private readonly string _source;
    private readonly string _target;

    public ReconcileCliTests() => (_source, _target) = SnapshotPair.Write(_folder.Path, Skus);

    [Fact]
    public async Task Reconcile_PrintsTheSummaryAndWritesTheDiscrepancies_WhenRunAsAProcess()
    {
        var output = Path.Combine(_folder.Path, "discrepancies.csv");

        var result = await CliProcess.ExecAsync("reconcile", "--source", _source, "--target", _target, "--out", output);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("  discrepancies      64 (0.32% of distinct SKUs)\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  oversold           20\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("  store.csv line 8: quantity \"not-a-number\" is not a number\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("", result.Stderr);
        Assert.Equal(65, File.ReadLines(output).Count());
    }

    [Theory]
    [InlineData("0.3%", 1)]
    [InlineData("0.003", 1)]
    [InlineData("0.5%", 0)]
    public async Task Reconcile_ExitsWith1_WhenTheRateIsAboveFailAbove(string failAbove, int expected)
    {
        var result = await CliProcess.ExecAsync("reconcile", "--source", _source, "--target", _target, "--fail-above", failAbove);

        Assert.True(result.ExitCode == expected, result.ToString());
        Assert.Contains(expected == 1 ? "FAILED: the discrepancy rate 0.32% is above" : "OK: the discrepancy rate 0.32% is within", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--target {target}", "error: --source <file> is required")]
    [InlineData("--source {folder}/nope.csv --target {target}", "error: {folder}/nope.csv: file not found")]
    [InlineData("--source {source} --target {target} --key id", "error: {target}: no column 'id' (columns found: 'Name', 'SKU', 'Quantity')")]
    [InlineData("--source {source} --target {target} --fail-above 5", "error: --fail-above: '5' is above 1")]
    [InlineData("--source {source} --target {target} --out {folder}/d.txt", "has an unknown extension; use .csv, .json, .jsonl, .ndjson")]
    [InlineData("--source {source} --target {target} --out {target}", "is one of the snapshots; writing it would destroy the input")]
    [InlineData("--source {source} --target {target} --report-to ftp://x", "is not an http(s) ping URL")]
    [InlineData("--source {source} --target {target} --key sku --qty SKU", "error: --key and --qty name the same column 'sku'")]
    [InlineData("--source {source} --target {target} extra", "error: unexpected argument 'extra'")]
    [InlineData("--sourc {source} --target {target}", "error: unexpected argument '--sourc'")]
    public async Task Reconcile_ExitsWith2AndNamesTheProblem_WhenUsageOrInputIsWrong(string arguments, string message)
    {
        var result = await CliProcess.ExecAsync(["reconcile", .. arguments.Split(' ').Select(Fill)]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(Fill(message), result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_DescribesEveryOptionAndTheExitCodes_WhenAskedForHelp()
    {
        var result = await CliProcess.ExecAsync("reconcile", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:\n  stockbeat reconcile [options]\n", result.Stdout, StringComparison.Ordinal);
        foreach (var option in new[] { "--source", "--target", "--key", "--qty", "--out", "--report-to", "--fail-above", "Exit codes: 0 ok, 1" })
        {
            Assert.Contains(option, result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reconcile_ReportsTheCountsAsARunReport_WhenReportToIsAMonitorsPingUrl()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly reconcile" });

        var result = await CliProcess.ExecAsync("reconcile", "--source", _source, "--target", _target, "--report-to", $"{host.BaseUrl()}/ping/{uuid}");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stderr);
        var (finish, report) = await FinishedRunAsync(host, uuid);
        Assert.Equal("success", finish.GetProperty("type").GetString());
        AssertCounts(report);
        Assert.StartsWith($"Reconciled {_source} (20,002 rows)", report.GetProperty("log").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_SendsTheReportWithAFailPing_WhenTheRateIsAboveFailAbove()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly reconcile" });

        var result = await CliProcess.ExecAsync(
            "reconcile", "--source", _source, "--target", _target, "--fail-above", "0.1%", "--report-to", $"{host.BaseUrl()}/ping/{uuid}/");

        Assert.True(result.ExitCode == 1, result.ToString());
        var (finish, report) = await FinishedRunAsync(host, uuid);
        Assert.Equal("fail", finish.GetProperty("type").GetString());
        AssertCounts(report);
    }

    [Fact]
    public async Task Reconcile_ReportsByPingKeyAndSlug_WhenTheUrlAutoProvisionsTheMonitor()
    {
        await using var host = await StockbeatHost.StartAsync();

        var result = await CliProcess.ExecAsync(
            "reconcile", "--source", _source, "--target", _target,
            "--report-to", $"{host.BaseUrl()}/ping/{StockbeatHost.PingKey}/erp-vs-shop?create=1");

        Assert.True(result.ExitCode == 0, result.ToString());
        var check = Assert.Single(await host.ListChecksAsync());
        Assert.Equal("erp-vs-shop", check.GetProperty("slug").GetString());
        var (_, report) = await FinishedRunAsync(host, check.GetProperty("uuid").GetString()!);
        AssertCounts(report);
    }

    [Fact]
    public async Task Reconcile_SendsAFailPingWithTheError_WhenAnInputCannotBeRead()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly reconcile" });
        var missing = Path.Combine(_folder.Path, "erp-missing.csv");

        var result = await CliProcess.ExecAsync("reconcile", "--source", missing, "--target", _target, "--report-to", $"{host.BaseUrl()}/ping/{uuid}");

        Assert.True(result.ExitCode == 2, result.ToString());
        var (finish, report) = await FinishedRunAsync(host, uuid);
        Assert.Equal("fail", finish.GetProperty("type").GetString());
        Assert.Equal($"stockbeat reconcile: {missing}: file not found", report.GetProperty("log").GetString());
    }

    [Theory]
    [InlineData("1%", 0)]
    [InlineData("0.1%", 1)]
    public async Task Reconcile_KeepsItsExitCodeAndWarns_WhenTheMonitorIsUnreachable(string failAbove, int expected)
    {
        var closed = LoopbackPorts.ClosedUrl();

        var result = await CliProcess.ExecAsync(
            "reconcile", "--source", _source, "--target", _target, "--fail-above", failAbove, "--report-to", $"{closed}/ping/{Guid.NewGuid()}");

        Assert.True(result.ExitCode == expected, result.ToString());
        Assert.Contains("  discrepancies      64", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"warning: the start ping to {closed} failed:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"warning: the {(expected == 1 ? "fail" : "success")} ping to {closed} failed:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("(gave up after 3 attempts); the reconciliation result is unchanged", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static void AssertCounts(JsonElement report)
    {
        var expected = new Dictionary<string, long>
        {
            ["total"] = 20_014,
            ["discrepancies"] = 64,
            // The generated store shows oversold SKUs above the ERP's stock, none below zero.
            ["negative_salable"] = 0,
            ["oversold"] = 20,
            ["matched"] = 19_990,
            ["equal"] = 19_950,
            ["quantity_differs"] = 40,
            ["missing_in_target"] = 10,
            ["missing_in_source"] = 14,
            ["duplicates"] = 6,
            ["malformed"] = 8,
            ["source_rows"] = 20_002,
            ["target_rows"] = 20_008,
        };
        Assert.Equal(expected, expected.Keys.ToDictionary(k => k, k => report.GetProperty(k).GetInt64()));
        Assert.Equal(64.0 / 20_014, report.GetProperty("discrepancy_rate").GetDouble(), 1e-12);
    }

    /// <summary>The finish ping of the one run, checked to pair with its start, and its body as JSON.</summary>
    private static async Task<(JsonElement Finish, JsonElement Report)> FinishedRunAsync(StockbeatHost host, string uuid)
    {
        var pings = await host.ListPingsAsync(uuid);
        Assert.Equal(2, pings.Length);
        var (finish, start) = (pings[0], pings[1]);
        Assert.Equal("start", start.GetProperty("type").GetString());
        Assert.Equal(start.GetProperty("rid").GetString(), finish.GetProperty("rid").GetString());
        Assert.True(Guid.TryParse(finish.GetProperty("rid").GetString(), out _));
        Assert.Equal("POST", finish.GetProperty("method").GetString());
        var body = await host.GetPingBodyAsync(uuid, finish.GetProperty("n").GetInt64());
        return (finish, JsonSerializer.Deserialize<JsonElement>(body));
    }

    private string Fill(string text) => text
        .Replace("{source}", _source, StringComparison.Ordinal)
        .Replace("{target}", _target, StringComparison.Ordinal)
        .Replace("{folder}", _folder.Path, StringComparison.Ordinal);
}
