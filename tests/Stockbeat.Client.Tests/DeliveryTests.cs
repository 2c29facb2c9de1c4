using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Stockbeat.Testing;

namespace Stockbeat.Client.Tests;

/// <summary>Timeouts, retries and outages: the client tries again where it helps and never throws into the job.</summary>
public sealed class DeliveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StockbeatClient ClientFor(Uri server, int retries, ListLogger? logger = null) => new(new StockbeatClientOptions
    {
        ServerUrl = server,
        Retries = retries,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
        AttemptTimeout = TimeSpan.FromSeconds(30),
        Logger = logger,
    });

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task PingAsync_DeliversSameBodyOnRetry_WhenServerFailsTwice(int status)
    {
        await using var peer = await FlakyPeer.StartAsync(failures: 2, status);
        using var client = ClientFor(peer.Url, retries: 3);

        var result = await client.PingAsync($"{peer.Url}ping/x", PingRequest.Success with { Body = "synced 120 SKUs" }, Ct);

        Assert.True(result.Delivered);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, peer.Requests);
        Assert.All(peer.Bodies, b => Assert.Equal("synced 120 SKUs", b));
    }

    [Fact]
    public async Task PingAsync_WaitsAtMostMaxBackoff_WhenRetryAfterIsLonger()
    {
        await using var peer = await FlakyPeer.StartAsync(failures: 1, status: 503, retryAfter: "3600");
        using var client = ClientFor(peer.Url, retries: 1);

        var result = await client.PingAsync($"{peer.Url}ping/x", PingRequest.Start, Ct);

        Assert.True(result.Delivered);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task PingAsync_GivesUpAndLogs_WhenServerKeepsFailing()
    {
        await using var peer = await FlakyPeer.StartAsync(failures: int.MaxValue, status: 502);
        var logger = new ListLogger();
        using var client = ClientFor(peer.Url, retries: 2, logger);

        var result = await client.PingAsync($"{peer.Url}ping/x", PingRequest.Fail, Ct);

        Assert.False(result.Delivered);
        Assert.Equal(502, result.StatusCode);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(3, peer.Requests);
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Warning));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("not delivered after 3 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PingAsync_DoesNotRetry_WhenServerRefusesRequest()
    {
        await using var peer = await FlakyPeer.StartAsync(failures: int.MaxValue, status: 400);
        using var client = ClientFor(peer.Url, retries: 3);

        var result = await client.PingAsync($"{peer.Url}ping/x", PingRequest.Success, Ct);

        Assert.False(result.Delivered);
        Assert.Equal(1, peer.Requests);
    }

    [Fact]
    public async Task PingAsync_RetriesAfterTimeout_WhenServerDoesNotAnswer()
    {
        await using var peer = await FlakyPeer.StartAsync(failures: 1, status: 0);
        var time = new FakeTimeProvider();
        using var client = new StockbeatClient(new StockbeatClientOptions
        {
            Retries = 1,
            InitialBackoff = TimeSpan.Zero,
            AttemptTimeout = TimeSpan.FromSeconds(10),
            TimeProvider = time,
        });

        var ping = client.PingAsync($"{peer.Url}ping/x", PingRequest.Success, Ct);
        await peer.Arrivals.WaitAsync(Ct);
        time.Advance(TimeSpan.FromSeconds(10));
        var result = await ping;

        Assert.True(result.Delivered);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(2, peer.Requests);
    }

    [Fact]
    public async Task Run_CompletesWithoutException_WhenServerIsDown()
    {
        var logger = new ListLogger();
        using var client = ClientFor(new Uri(LoopbackPorts.ClosedUrl()), retries: 2, logger);

        PingResult finished;
        await using (var run = await client.StartAsync(Guid.NewGuid().ToString(), Ct))
        {
            run.Report(total: 10, errors: 0);
            finished = await run.SucceedAsync(Ct);
            Assert.False(run.Started.Delivered);
        }

        Assert.False(finished.Delivered);
        Assert.Null(finished.StatusCode);
        Assert.Equal(3, finished.Attempts);
        Assert.Equal(2, logger.Entries.Count(e => e.Level == LogLevel.Error));
    }
}
