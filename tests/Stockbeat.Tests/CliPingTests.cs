using Stockbeat.Testing;
using static Stockbeat.Tests.CliRunTests;

namespace Stockbeat.Tests;

/// <summary><c>stockbeat ping</c> in each of its forms, as the real executable against a real server.</summary>
public sealed class CliPingTests
{
    [Fact]
    public async Task Ping_SendsEachForm_WhenGivenUuidSlugOrUrl()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-store" });
        var server = new Dictionary<string, string> { ["STOCKBEAT_URL"] = host.BaseUrl() };
        var rid = Guid.NewGuid().ToString();

        using var start = await CliProcess.RunAsync(["ping", uuid, "--start", "--rid", rid], server);
        using var log = await CliProcess.RunAsync(["ping", "erp-to-store", "--log", "--body", "halfway", "--ping-key", StockbeatHost.PingKey], server);
        using var exit = await CliProcess.RunAsync(["ping", $"{host.BaseUrl()}/ping/{uuid}", "--exit", "3", "--rid", rid, "--body", "3 SKUs rejected"]);
        using var fail = await CliProcess.RunAsync(["ping", uuid, "--fail"], server);
        using var success = await CliProcess.RunAsync(["ping", uuid], server);

        var pings = (await host.ListPingsAsync(uuid)).Reverse().ToArray();
        Assert.All(new[] { start, log, exit, fail, success }, c => Assert.Equal(0, c.ExitCode));
        Assert.Equal(["start", "log", "fail", "fail", "success"], pings.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(rid, pings[0].GetProperty("rid").GetString());
        Assert.Equal(rid, pings[2].GetProperty("rid").GetString());
        Assert.Equal(3, pings[2].GetProperty("exitstatus").GetInt32());
        Assert.Equal("halfway", await BodyAsync(host, uuid, pings[1]));
        Assert.Equal("3 SKUs rejected", await BodyAsync(host, uuid, pings[2]));
    }

    [Fact]
    public async Task Ping_PrintsFreshRunIdAndSendsIt_WhenRidHasNoValue()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-store" });

        using var cli = await CliProcess.RunAsync(["ping", uuid, "--start", "--rid", "--url", host.BaseUrl()]);

        var printed = cli.Stdout.Trim();
        Assert.Equal(0, cli.ExitCode);
        Assert.True(Guid.TryParse(printed, out _), printed);
        Assert.Equal(printed, (await host.ListPingsAsync(uuid))[0].GetProperty("rid").GetString());
    }

    [Fact]
    public async Task Ping_SendsReportFromStdin_WhenReportIsDash()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly-reconcile" });

        using var cli = await CliProcess.RunAsync(
            ["ping", uuid, "--report", "-", "--body", "see attached", "--url", host.BaseUrl()], stdin: """{"total": 90, "discrepancies": 4}""");

        var last = (await host.ListPingsAsync(uuid))[0];
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal("""{"total":90,"discrepancies":4,"log":"see attached"}""", await BodyAsync(host, uuid, last));
    }

    [Fact]
    public async Task Ping_ExitsTwoNamingProblem_WhenReportFileIsInvalid()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "report.json");
        await File.WriteAllTextAsync(file, """{"total": "lots"}""", TestContext.Current.CancellationToken);

        using var cli = await CliProcess.RunAsync(["ping", "http://127.0.0.1:9/ping/x", "--report", file]);

        Assert.Equal(2, cli.ExitCode);
        Assert.Contains("'total' must be a number, not string", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_ExitsOne_WhenServerRefusesPing()
    {
        await using var host = await StockbeatHost.StartAsync();

        using var cli = await CliProcess.RunAsync(["ping", "no-such-sync", "--url", host.BaseUrl(), "--ping-key", StockbeatHost.PingKey]);

        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("refused: 404 not found", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_ExitsOneQuickly_WhenServerIsDown()
    {
        using var cli = await CliProcess.RunAsync(["ping", $"{LoopbackPorts.ClosedUrl()}/ping/x", "--retries", "1", "--fail"]);

        Assert.Equal(1, cli.ExitCode);
        Assert.Contains("fail ping for", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("not delivered after 2 attempt(s)", cli.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "ping", "x", "--start", "--fail" }, "Give at most one of --start, --fail, --log and --exit.")]
    [InlineData(new[] { "ping", "x", "--exit", "256" }, "--exit must be between 0 and 255.")]
    [InlineData(new[] { "ping", "x", "--rid", "run-1" }, "--rid must be a uuid, not 'run-1'.")]
    [InlineData(new[] { "ping", "x", "--retries", "-1" }, "--retries must be between 0 and 100.")]
    public async Task Ping_ExitsNonZeroNamingProblem_WhenArgumentsConflict(string[] arguments, string message)
    {
        using var cli = await CliProcess.RunAsync(arguments);

        Assert.NotEqual(0, cli.ExitCode);
        Assert.Contains(message, cli.Stderr, StringComparison.Ordinal);
    }
}
