using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Client.Tests.ServerFixture;

namespace Stockbeat.Client.Tests;

/// <summary>The run handle against a real server: start and finish share a run id, the report travels as JSON.</summary>
public sealed class StockbeatRunTests
{
    [Fact]
    public async Task SucceedAsync_SendsReportWithStartRunId_WhenRunGivenBySlug()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-amazon" });
        using var client = ClientFor(host);

        Guid runId;
        PingResult finished;
        await using (var run = await client.StartAsync("erp-to-amazon", TestContext.Current.CancellationToken))
        {
            runId = run.RunId;
            run.Report(total: 1200, updated: 310, errors: 3);
            run.Metric("api_calls", 42.5);
            finished = await run.SucceedAsync(TestContext.Current.CancellationToken);
        }

        var pings = await PingsAsync(host, uuid);
        Assert.True(finished.Delivered);
        Assert.Equal(["start", "success"], pings.Select(Type));
        Assert.All(pings, p => Assert.Equal(runId.ToString(), Rid(p)));
        using var report = JsonDocument.Parse(await BodyAsync(host, uuid, pings[1]));
        Assert.Equal(1200, report.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(310, report.RootElement.GetProperty("updated").GetInt64());
        Assert.Equal(3, report.RootElement.GetProperty("errors").GetInt64());
        Assert.Equal(42.5, report.RootElement.GetProperty("api_calls").GetDouble());
    }

    [Fact]
    public async Task SucceedAsync_SendsFailureWithReason_WhenErrorRateIsAboveThreshold()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-store" });
        using var client = ClientFor(host);

        await using var run = await client.StartAsync(uuid, TestContext.Current.CancellationToken);
        run.Report(total: 1000, errors: 60);
        var result = await run.SucceedAsync(TestContext.Current.CancellationToken);

        var pings = await PingsAsync(host, uuid);
        Assert.Equal(PingKind.Fail, result.Kind);
        Assert.Equal("fail", Type(pings[^1]));
        using var report = JsonDocument.Parse(await BodyAsync(host, uuid, pings[^1]));
        Assert.Equal(60, report.RootElement.GetProperty("errors").GetInt64());
        Assert.Equal("error rate 6% (60 errors of 1000) is above the threshold of 5%", report.RootElement.GetProperty("log").GetString());
    }

    [Theory]
    [InlineData(0.05, 50, "success")]
    [InlineData(0.10, 60, "success")]
    [InlineData(0.01, 11, "fail")]
    public async Task SucceedAsync_AppliesRunThreshold_WhenThresholdSet(double threshold, long errors, string expected)
    {
        await using var host = await StockbeatHost.StartAsync();
        // The server judges the report by the monitor's own threshold, so both sides are given the same one.
        var uuid = await host.CreateCheckUuidAsync(new { name = "pos-to-web", error_threshold = threshold });
        using var client = ClientFor(host);

        await using var run = await client.StartAsync(uuid, TestContext.Current.CancellationToken);
        run.ErrorThreshold = threshold;
        run.Add(total: 1000);
        run.Add(errors: errors);
        await run.SucceedAsync(TestContext.Current.CancellationToken);

        Assert.Equal(expected, Type((await PingsAsync(host, uuid))[^1]));
    }

    [Fact]
    public async Task FailAsync_SendsExceptionTextAsBody_WhenRunHasNoNumbers()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "supplier-feed" });
        using var client = ClientFor(host);

        await using var run = await client.StartAsync(uuid, TestContext.Current.CancellationToken);
        await run.FailAsync(new InvalidDataException("supplier feed has no header row"), TestContext.Current.CancellationToken);

        var last = (await PingsAsync(host, uuid))[^1];
        Assert.Equal("fail", Type(last));
        Assert.StartsWith("System.IO.InvalidDataException: supplier feed has no header row", await BodyAsync(host, uuid, last), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_ReportsFailure_WhenRunNotFinished()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly-reconcile" });
        using var client = ClientFor(host);

        Guid runId;
        await using (var run = await client.StartAsync(uuid, TestContext.Current.CancellationToken))
        {
            runId = run.RunId;
        }

        var last = (await PingsAsync(host, uuid))[^1];
        Assert.Equal("fail", Type(last));
        Assert.Equal(runId.ToString(), Rid(last));
        Assert.Equal(StockbeatRun.AbandonedReason, await BodyAsync(host, uuid, last));
    }

    [Fact]
    public async Task ExitAsync_RecordsExitStatus_WhenNonZero()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-export" });
        using var client = ClientFor(host);

        await using var run = await client.StartAsync(uuid, TestContext.Current.CancellationToken);
        run.Log = "disk full";
        await run.ExitAsync(3, TestContext.Current.CancellationToken);

        var last = (await PingsAsync(host, uuid))[^1];
        Assert.Equal("fail", Type(last));
        Assert.Equal(3, last.GetProperty("exitstatus").GetInt32());
        Assert.Equal("disk full", await BodyAsync(host, uuid, last));
    }

    [Fact]
    public async Task SucceedAsync_Throws_WhenRunAlreadyFinished()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-export" });
        using var client = ClientFor(host);
        await using var run = await client.StartAsync(uuid, TestContext.Current.CancellationToken);
        await run.SucceedAsync(TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => run.FailAsync("again", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SucceedAsync_KeepsEndOfLogWithinBodyLimit_WhenLogIsLong()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-amazon" });
        using var client = ClientFor(host);
        var log = string.Concat(Enumerable.Range(1, 3000).Select(i => $"line {i} é\n"));

        await using var run = await client.StartAsync(uuid, TestContext.Current.CancellationToken);
        run.Report(total: 5);
        run.Log = log;
        await run.SucceedAsync(TestContext.Current.CancellationToken);

        var body = await BodyAsync(host, uuid, (await PingsAsync(host, uuid))[^1]);
        using var report = JsonDocument.Parse(body);
        var sent = report.RootElement.GetProperty("log").GetString()!;
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(body), 9_000, StockbeatClient.DefaultBodyLimit);
        Assert.EndsWith("line 3000 é\n", sent, StringComparison.Ordinal);
        Assert.EndsWith(sent, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SucceedAsync_FitsServersBodyLimit_WhenServerAnnouncesSmallerLimit()
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:Ping:BodyLimit", "300");
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-amazon" });
        using var client = ClientFor(host);

        await using var run = await client.StartAsync(uuid, TestContext.Current.CancellationToken);
        run.Report(total: 7, errors: 0);
        run.Log = string.Concat(Enumerable.Range(1, 100).Select(i => $"feed {i} sent\n"));
        await run.SucceedAsync(TestContext.Current.CancellationToken);

        var body = await BodyAsync(host, uuid, (await PingsAsync(host, uuid))[^1]);
        using var report = JsonDocument.Parse(body);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(body), 250, 300);
        Assert.Equal(7, report.RootElement.GetProperty("total").GetInt64());
        Assert.EndsWith("feed 100 sent\n", report.RootElement.GetProperty("log").GetString(), StringComparison.Ordinal);
    }
}
