using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Stockbeat.Server.Hosting;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Workers;

public sealed class RetentionPassTests
{
    [Fact]
    public async Task RunOnceAsync_SaysMoreAreDue_WhenItStopsAtItsLimit_AndTheNextPassDeletesTheRest()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await MonitorWithOldRunsAsync(host, oldRuns: 5);
        var pass = SmallPass(host);

        var first = await pass.RunOnceAsync(Ct);
        var second = await pass.RunOnceAsync(Ct);

        Assert.Equal((4, true), (first.Deleted, first.MoreDue));
        Assert.Equal((1, false), (second.Deleted, second.MoreDue));
        Assert.Equal("2026-02-04T10:05:00+00:00", Assert.Single(await host.ListRunsAsync(uuid)).GetProperty("finished_at").GetString());
    }

    [Fact]
    public async Task RetentionWorker_DeletesEveryDueRun_WithoutWaitingForTheInterval_WhenOnePassCannot()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await MonitorWithOldRunsAsync(host, oldRuns: 9);
        using var worker = new RetentionWorker(SmallPass(host), TimeSpan.FromHours(1), host.Time, NullLogger<RetentionWorker>.Instance);

        await worker.StartAsync(Ct);
        // Fake time stands still, so every pass after the first follows only because runs were still due; the real-time
        // bound only limits how long the background passes may take to show.
        var realTime = System.Diagnostics.Stopwatch.StartNew();
        var runs = await host.ListRunsAsync(uuid);
        while (runs.Length > 1 && realTime.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(5, Ct);
            runs = await host.ListRunsAsync(uuid);
        }

        await worker.StopAsync(Ct);

        Assert.Single(runs);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 3600)]
    public void NextWait_IsNone_WhileRunsAreDue_ElseTheInterval(bool moreDue, int waitSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(waitSeconds), RetentionPass.NextWait(new RetentionOutcome(100, moreDue), TimeSpan.FromHours(1)));

    private static RetentionPass SmallPass(StockbeatHost host) =>
        new(host.Store, host.Get<IOptions<StockbeatOptions>>(), host.Time, batchSize: 2, maxBatches: 2);

    /// <summary>A monitor with <paramref name="oldRuns"/> runs past the 30-day retention and one within it.</summary>
    private static async Task<string> MonitorWithOldRunsAsync(StockbeatHost host, int oldRuns)
    {
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-web", timeout = 86400 });
        for (var i = 0; i < oldRuns; i++)
        {
            await host.PingAsync($"ping/{uuid}");
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }

        host.Time.Advance(TimeSpan.FromDays(20));
        await host.PingAsync($"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromDays(11));
        return uuid;
    }
}
