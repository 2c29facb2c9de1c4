using System.Text;
using System.Text.Json;
using Stockbeat.Testing;

namespace Stockbeat.Tests;

/// <summary><c>stockbeat run</c> as a user runs it: the real executable wrapping real commands, against a real server.</summary>
public sealed class CliRunTests
{
    private static Dictionary<string, string> Environment(StockbeatHost host) => new()
    {
        ["STOCKBEAT_URL"] = host.BaseUrl(),
        ["STOCKBEAT_PING_KEY"] = StockbeatHost.PingKey,
    };

    [Fact]
    public async Task Run_ReportsSuccessWithOutputAndDuration_WhenCommandSucceeds()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-store" });

        using var cli = await CliProcess.RunAsync(["run", "erp-to-store", "--", "sh", "-c", "echo synced 120 SKUs"], Environment(host));

        var pings = (await host.ListPingsAsync(uuid)).Reverse().ToArray();
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal("synced 120 SKUs\n", cli.Stdout);
        Assert.Equal(["start", "success"], pings.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(pings[0].GetProperty("rid").GetString(), pings[1].GetProperty("rid").GetString());
        Assert.True(Guid.TryParse(pings[0].GetProperty("rid").GetString(), out _));
        Assert.Equal(JsonValueKind.Number, pings[1].GetProperty("duration").ValueKind);
        Assert.Equal("synced 120 SKUs\n", await BodyAsync(host, uuid, pings[1]));
    }

    [Fact]
    public async Task Run_KeepsExitCodeAndStoresOutputTail_WhenCommandFails()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-amazon" });
        var script = "i=0; while [ $i -lt 2000 ]; do echo \"line $i of the feed\"; i=$((i+1)); done; echo 'amazon throttled us' >&2; exit 7";

        using var cli = await CliProcess.RunAsync(["run", "erp-to-amazon", "--", "sh", "-c", script], Environment(host));

        var last = (await host.ListPingsAsync(uuid))[0];
        var body = await BodyAsync(host, uuid, last);
        Assert.Equal(7, cli.ExitCode);
        Assert.Contains("amazon throttled us", cli.Stderr, StringComparison.Ordinal);
        Assert.Equal("fail", last.GetProperty("type").GetString());
        Assert.Equal(7, last.GetProperty("exitstatus").GetInt32());
        // stdout and stderr are two pipes, so the stderr line may arrive before the queued stdout; it is kept either way.
        Assert.Contains("line 1999 of the feed\n", body, StringComparison.Ordinal);
        Assert.Contains("amazon throttled us\n", body, StringComparison.Ordinal);
        Assert.DoesNotContain("line 0 of the feed", body, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 9_000, 10_000);
    }

    // A server that takes larger bodies gets more of the output: the start ping's answer says how much.
    [Fact]
    public async Task Run_KeepsAsMuchOutputAsTheServerTakes_WhenItsBodyLimitIsLarger()
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:Ping:BodyLimit", "50000");
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-amazon" });
        var script = "i=0; while [ $i -lt 2000 ]; do echo \"line $i of the feed\"; i=$((i+1)); done; echo 'amazon throttled us' >&2; exit 7";

        using var cli = await CliProcess.RunAsync(["run", "erp-to-amazon", "--", "sh", "-c", script], Environment(host));

        var body = await BodyAsync(host, uuid, (await host.ListPingsAsync(uuid))[0]);
        Assert.Equal(7, cli.ExitCode);
        // The first line is kept, so nothing was cut; it need not come first, as the stderr line may overtake it.
        Assert.Contains("line 0 of the feed\n", body, StringComparison.Ordinal);
        Assert.Contains("line 1999 of the feed\n", body, StringComparison.Ordinal);
        Assert.Contains("amazon throttled us\n", body, StringComparison.Ordinal);
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 40_000, 50_000);
    }

    [Fact]
    public async Task Run_SendsRunReport_WhenOutputHasStockbeatLines()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "pos-to-web" });
        var script = "echo 'STOCKBEAT total=1000 errors=9'; echo working; echo 'STOCKBEAT updated=310 api_calls=12.5 errors=3'";

        using var cli = await CliProcess.RunAsync(["run", "pos-to-web", "--", "sh", "-c", script], Environment(host));

        var report = await ReportAsync(host, uuid);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(1000, report.GetProperty("total").GetInt64());
        Assert.Equal(310, report.GetProperty("updated").GetInt64());
        Assert.Equal(3, report.GetProperty("errors").GetInt64());
        Assert.Equal(12.5, report.GetProperty("api_calls").GetDouble());
        Assert.Contains("working\n", report.GetProperty("log").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WarnsAndKeepsGoodValues_WhenStockbeatLineIsMalformed()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "pos-to-web" });

        using var cli = await CliProcess.RunAsync(["run", "pos-to-web", "--", "echo", "STOCKBEAT total=12 errors=many"], Environment(host));

        var report = await ReportAsync(host, uuid);
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("ignored 'errors=many' in a STOCKBEAT line", cli.Stderr, StringComparison.Ordinal);
        Assert.Equal(12, report.GetProperty("total").GetInt64());
        Assert.False(report.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Run_SendsReportFile_WhenCommandWritesIt()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "supplier-to-erp" });
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "report.json");
        var script = "printf '{\"total\": 50, \"updated\": 5, \"backlog\": 2}' > \"$STOCKBEAT_REPORT\"; echo done";

        using var cli = await CliProcess.RunAsync(["run", "supplier-to-erp", "--report", file, "--", "sh", "-c", script], Environment(host));

        var report = await ReportAsync(host, uuid);
        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(50, report.GetProperty("total").GetInt64());
        Assert.Equal(5, report.GetProperty("updated").GetInt64());
        Assert.Equal(2, report.GetProperty("backlog").GetInt64());
        Assert.Equal("done\n", report.GetProperty("log").GetString());
    }

    [Fact]
    public async Task Run_IgnoresReportFile_WhenLeftFromEarlierRun()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "supplier-to-erp" });
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "report.json");
        await File.WriteAllTextAsync(file, """{"total": 999}""", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-1));

        using var cli = await CliProcess.RunAsync(["run", "supplier-to-erp", "--report", file, "--", "echo", "nothing new"], Environment(host));

        var last = (await host.ListPingsAsync(uuid))[0];
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("it was written before this run started", cli.Stderr, StringComparison.Ordinal);
        Assert.Equal("nothing new\n", await BodyAsync(host, uuid, last));
    }

    [Fact]
    public async Task Run_ExitsWithCommandCode_WhenServerIsDown()
    {
        var down = new Dictionary<string, string> { ["STOCKBEAT_URL"] = LoopbackPorts.ClosedUrl(), ["STOCKBEAT_PING_KEY"] = "somekey" };

        using var cli = await CliProcess.RunAsync(["run", "erp-to-store", "--retries", "0", "--", "sh", "-c", "echo still syncing; exit 5"], down);

        Assert.Equal(5, cli.ExitCode);
        Assert.Equal("still syncing\n", cli.Stdout);
        Assert.Contains("start ping for erp-to-store not delivered after 1 attempt(s)", cli.Stderr, StringComparison.Ordinal);
        Assert.Contains("exit status ping for erp-to-store not delivered", cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Exits127AndReportsIt_WhenCommandCannotStart()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-store" });

        using var cli = await CliProcess.RunAsync(["run", "erp-to-store", "--", "/no/such/sync-script"], Environment(host));

        var last = (await host.ListPingsAsync(uuid))[0];
        Assert.Equal(127, cli.ExitCode);
        Assert.Contains("cannot start '/no/such/sync-script': No such file or directory", cli.Stderr, StringComparison.Ordinal);
        Assert.Equal(127, last.GetProperty("exitstatus").GetInt32());
        Assert.Contains("cannot start", await BodyAsync(host, uuid, last), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PassesStdinToCommand_WhenInputGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckUuidAsync(new { name = "erp-to-store" });

        using var cli = await CliProcess.RunAsync(["run", "erp-to-store", "--", "tr", "a-z", "A-Z"], Environment(host), stdin: "sku-1\nsku-2\n");

        Assert.Equal(0, cli.ExitCode);
        Assert.Equal("SKU-1\nSKU-2\n", cli.Stdout);
    }

    [Theory]
    [InlineData("TERM", 42)]
    [InlineData("INT", 43)]
    public async Task Run_ForwardsSignalAndReportsCommandExit_WhenStockbeatIsSignalled(string signal, int expected)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-store" });
        var script = "trap 'echo got TERM; exit 42' TERM; trap 'echo got INT; exit 43' INT; echo ready; while :; do sleep 0.1; done";
        using var cli = CliProcess.Start(["run", "erp-to-store", "--", "sh", "-c", script], Environment(host));
        await cli.WaitForOutputAsync("ready");

        await cli.SignalAsync(signal);
        await cli.WaitForExitAsync();

        var last = (await host.ListPingsAsync(uuid))[0];
        Assert.Equal(expected, cli.ExitCode);
        Assert.Contains($"got {signal}", cli.Stdout, StringComparison.Ordinal);
        Assert.Equal(expected, last.GetProperty("exitstatus").GetInt32());
    }

    [Theory]
    [InlineData(new[] { "run", "erp-to-store", "--url", "http://127.0.0.1:9", "--", "true" }, "--ping-key or $STOCKBEAT_PING_KEY")]
    [InlineData(new[] { "run", "erp-to-store", "--ping-key", "k", "--", "true" }, "--url or $STOCKBEAT_URL")]
    [InlineData(new[] { "run", "ERP to store", "--", "true" }, "is not a ping URL, a uuid or a slug")]
    [InlineData(new[] { "run", "erp-to-store", "--url", "not a url", "--", "true" }, "'not a url' is not a server URL")]
    public async Task Run_ExitsWithUsageErrorWithoutRunning_WhenMonitorCannotBeReached(string[] arguments, string message)
    {
        using var cli = await CliProcess.RunAsync(arguments);

        Assert.Equal(2, cli.ExitCode);
        Assert.Contains(message, cli.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "run", "http://127.0.0.1:9/ping/x", "--report", "-", "--", "echo", "sync-ran" }, "run passes its stdin to the command")]
    [InlineData(new[] { "run", "http://127.0.0.1:9/ping/x", "--", "" }, "The command to run is empty.")]
    [InlineData(new[] { "run", "http://127.0.0.1:9/ping/x" }, "Required argument missing for command: 'run'.")]
    public async Task Run_RefusesWithoutRunning_WhenArgumentsAreInvalid(string[] arguments, string message)
    {
        using var cli = await CliProcess.RunAsync(arguments);

        Assert.Equal(1, cli.ExitCode);
        Assert.DoesNotContain("sync-ran", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains(message, cli.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_PrintsUsage_WhenHelpAsked()
    {
        using var cli = await CliProcess.RunAsync(["run", "--help"]);

        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("stockbeat run <monitor> <command>... [options]", cli.Stdout, StringComparison.Ordinal);
        Assert.Contains("--report <file>", cli.Stdout, StringComparison.Ordinal);
    }

    internal static async Task<string> BodyAsync(StockbeatHost host, string uuid, JsonElement ping) =>
        Encoding.UTF8.GetString(await host.GetPingBodyAsync(uuid, ping.GetProperty("n").GetInt64()));

    private static async Task<JsonElement> ReportAsync(StockbeatHost host, string uuid) =>
        JsonDocument.Parse(await BodyAsync(host, uuid, (await host.ListPingsAsync(uuid))[0])).RootElement;
}
