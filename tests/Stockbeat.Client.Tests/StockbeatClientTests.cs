using Stockbeat.Testing;
using static Stockbeat.Client.Tests.ServerFixture;

namespace Stockbeat.Client.Tests;

/// <summary>Low-level pings against a real server, and the monitor references the client accepts.</summary>
public sealed class StockbeatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PingAsync_StoresEveryKind_WhenMonitorGivenByUuidUrlOrSlug()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-store" });
        using var client = ClientFor(host);
        var rid = Guid.NewGuid();

        await client.PingAsync(uuid, PingRequest.Start with { RunId = rid }, Ct);
        await client.PingAsync($"{host.BaseUrl()}/ping/{uuid}", PingRequest.Log with { Body = "halfway" }, Ct);
        await client.PingAsync("erp-to-store", PingRequest.Exit(4) with { RunId = rid, Body = "exit 4" }, Ct);
        await client.PingAsync(uuid.ToUpperInvariant(), PingRequest.Fail, Ct);
        var last = await client.PingAsync(uuid, PingRequest.Success, Ct);

        var pings = await PingsAsync(host, uuid);
        Assert.True(last.Delivered);
        Assert.Equal(200, last.StatusCode);
        Assert.Equal("OK", last.Answer);
        Assert.Equal(["start", "log", "fail", "fail", "success"], pings.Select(Type));
        Assert.Equal(rid.ToString(), Rid(pings[0]));
        Assert.Equal(rid.ToString(), Rid(pings[2]));
        Assert.Equal(4, pings[2].GetProperty("exitstatus").GetInt32());
        Assert.Equal("halfway", await BodyAsync(host, uuid, pings[1]));
        Assert.Equal("exit 4", await BodyAsync(host, uuid, pings[2]));
    }

    [Fact]
    public async Task PingAsync_CreatesMonitor_WhenCreateMissingMonitorsSet()
    {
        await using var host = await StockbeatHost.StartAsync();
        using var client = ClientFor(host, o => o.CreateMissingMonitors = true);

        var result = await client.PingAsync("new-channel-sync", PingRequest.Success, Ct);

        Assert.Equal(201, result.StatusCode);
        Assert.Contains(await host.ListChecksAsync(), c => c.GetProperty("slug").GetString() == "new-channel-sync");
    }

    [Fact]
    public async Task PingAsync_ReturnsRefusalWithoutRetrying_WhenMonitorUnknown()
    {
        await using var host = await StockbeatHost.StartAsync();
        var logger = new ListLogger();
        using var client = ClientFor(host, o =>
        {
            o.Retries = 3;
            o.Logger = logger;
        });

        var result = await client.PingAsync("no-such-sync", PingRequest.Success, Ct);

        Assert.False(result.Delivered);
        Assert.Equal(404, result.StatusCode);
        Assert.Equal("not found", result.Answer);
        Assert.Equal(1, result.Attempts);
        Assert.Contains(logger.Entries, e => e.Message.Contains("refused: 404 not found", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ERP-to-Amazon")]
    [InlineData("erp to amazon")]
    [InlineData("ftp://stockbeat/ping/x")]
    public void PingUrl_Throws_WhenMonitorIsNoUrlUuidOrSlug(string monitor)
    {
        using var client = new StockbeatClient(new StockbeatClientOptions { ServerUrl = new Uri("http://127.0.0.1:1"), PingKey = "key" });

        var error = Assert.Throws<ArgumentException>(() => client.PingUrl(monitor));

        Assert.Contains($"'{monitor}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_Throws_WhenSlugGivenWithoutPingKey()
    {
        using var client = new StockbeatClient(new StockbeatClientOptions { ServerUrl = new Uri("http://127.0.0.1:1") });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.StartAsync("erp-to-amazon", Ct));

        Assert.Contains("PingKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://sb.example.com/ping/k/erp?create=1", "https://sb.example.com/ping/k/erp/start?create=1&rid=")]
    [InlineData("https://sb.example.com/ping/k/erp/", "https://sb.example.com/ping/k/erp/start?rid=")]
    [InlineData("5F1C2C7E-8D1A-4C0E-9F7E-2D6B3C1A0E55", "https://sb.example.com/base/ping/5f1c2c7e-8d1a-4c0e-9f7e-2d6b3c1a0e55/start?rid=")]
    [InlineData("erp_to-amazon", "https://sb.example.com/base/ping/key_1/erp_to-amazon/start?rid=")]
    public void PingUrl_BuildsStartUrlWithRunId_WhenMonitorResolved(string monitor, string expectedStart)
    {
        var options = new StockbeatClientOptions { ServerUrl = new Uri("https://sb.example.com/base"), PingKey = "key_1" };
        var rid = Guid.NewGuid();

        var url = PingUrls.For(PingUrls.Resolve(monitor, options), PingRequest.Start with { RunId = rid });

        Assert.Equal(expectedStart + rid, url.ToString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(256)]
    public void Exit_Throws_WhenStatusOutOfRange(int status) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PingRequest.Exit(status));

    [Fact]
    public void Constructor_Throws_WhenThresholdIsNotAFraction() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new StockbeatClient(new StockbeatClientOptions { ErrorThreshold = 5 }));

    [Fact]
    public async Task PingAsync_Throws_WhenBodyAndReportBothSet()
    {
        using var client = new StockbeatClient(new StockbeatClientOptions());
        var ping = PingRequest.Success with { Body = "text", Report = new RunReport { Total = 1 } };

        await Assert.ThrowsAsync<ArgumentException>(() => client.PingAsync("http://127.0.0.1:1/ping/x", ping, Ct));
    }
}
