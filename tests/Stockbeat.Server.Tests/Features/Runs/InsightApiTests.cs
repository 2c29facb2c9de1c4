using Stockbeat.Server.Workers;
using Stockbeat.Storage;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Runs;

/// <summary>Insights drawn from runs by the analysis pass, recorded once per condition and cleared when it ends.</summary>
public sealed class InsightApiTests
{
    private static async Task<string> RunAsync(StockbeatHost host, string uuid, TimeSpan took, string? report = null)
    {
        var rid = Guid.NewGuid();
        await host.PingAsync($"ping/{uuid}/start?rid={rid}");
        host.Time.Advance(took);
        if (report is null)
        {
            await host.PingAsync($"ping/{uuid}?rid={rid}");
        }
        else
        {
            await host.ReportAsync($"ping/{uuid}?rid={rid}", report);
        }

        host.Time.Advance(TimeSpan.FromMinutes(15) - took);
        await host.Get<AnalysisPass>().RunOnceAsync(Ct);
        return rid.ToString();
    }

    private static async Task<System.Text.Json.JsonElement[]> InsightsAsync(StockbeatHost host, string uuid) =>
        Items(await host.ReadAsync($"api/v3/checks/{uuid}/insights/"), "insights");

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task SlowRun_IsRecordedOnce_AndClearedWhenRunsAreUsualAgain(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to website", timeout = 900, grace = 600 });
        for (var i = 0; i < 12; i++)
        {
            await RunAsync(host, uuid, TimeSpan.FromSeconds(300));
        }

        var quiet = await InsightsAsync(host, uuid);
        await RunAsync(host, uuid, TimeSpan.FromMinutes(15));
        await RunAsync(host, uuid, TimeSpan.FromSeconds(305));
        var afterRecovery = await InsightsAsync(host, uuid);

        Assert.Empty(quiet);
        var insight = Assert.Single(afterRecovery);
        Assert.Equal("duration_increase", insight.GetProperty("kind").GetString());
        Assert.Equal("warning", insight.GetProperty("severity").GetString());
        Assert.StartsWith("ERP to website took 15 min, usual 5 min (3× baseline)", insight.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(HasValue(insight, "cleared_at"));
    }

    [Fact]
    public async Task OnePass_AnalysesEveryDueMonitor_BeyondOneBatch()
    {
        await using var host = await StockbeatHost.StartAsync();
        for (var i = 0; i < AnalysisPass.BatchSize + 3; i++)
        {
            var uuid = await host.CreateCheckUuidAsync(new { name = $"Feed {i}", timeout = 900, grace = 600 });
            await host.PingAsync($"ping/{uuid}");
        }

        var before = await host.Get<IStore>().FindChecksToAnalyzeAsync(0, 1_000, Ct);
        await host.Get<AnalysisPass>().RunOnceAsync(Ct);

        Assert.Equal(AnalysisPass.BatchSize + 3, before.Count);
        Assert.Empty(await host.Get<IStore>().FindChecksToAnalyzeAsync(0, 1_000, Ct));
    }

    [Fact]
    public async Task LastingCondition_StaysOneInsight_AcrossRuns()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to eBay", timeout = 900 });

        foreach (var backlog in new[] { 10, 20, 30, 40, 50, 60 })
        {
            await RunAsync(host, uuid, TimeSpan.FromMinutes(2), $$"""{"total":100,"backlog":{{backlog}}}""");
        }

        var insight = Assert.Single(await InsightsAsync(host, uuid));
        Assert.Equal("backlog_growth", insight.GetProperty("kind").GetString());
        Assert.False(HasValue(insight, "cleared_at"));
    }

    [Fact]
    public async Task Oversold_IsCriticalInsight_AndOpensIncident()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to Amazon", timeout = 900 });

        await RunAsync(host, uuid, TimeSpan.FromMinutes(2), """{"total":4000,"errors":0,"negative_salable":3}""");

        // The failed run also makes a failure rate of 100% today; the oversold items are the critical one.
        var insights = await InsightsAsync(host, uuid);
        var insight = Assert.Single(insights, i => i.GetProperty("severity").GetString() == "critical");
        Assert.Equal("negative_salable", insight.GetProperty("kind").GetString());
        Assert.Equal("ERP to Amazon: 3 items oversold (negative salable quantity).", insight.GetProperty("message").GetString());
        Assert.Contains(insights, i => i.GetProperty("kind").GetString() == "failure_rate");
        var incident = await host.SingleIncidentAsync();
        Assert.Equal("failed", incident.GetProperty("reason").GetString());
        Assert.Equal("down", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Warning_IsSentOnceToFirstStepChannels_NotToPagingOnes()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StockbeatHost.StartAsync(Backend.Sqlite, new Dictionary<string, string>
        {
            ["Stockbeat:Alerts:Twilio:BaseUrl"] = peer.Url,
            ["Stockbeat:Alerts:PagerDuty:EventsUrl"] = peer.Url + "/pagerduty",
        });
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        await host.CreateChannelAsync("pagerduty", new { routing_key = "R0123456789abcdef0123456789abcde" }, "pd");
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to eBay", timeout = 900, channels = "*" });

        foreach (var backlog in new[] { 10, 20, 30, 40, 50, 60 })
        {
            await RunAsync(host, uuid, TimeSpan.FromMinutes(2), $$"""{"total":100,"backlog":{{backlog}}}""");
        }

        var slack = Assert.Single(peer.Requests, r => r.Path == "/slack");
        Assert.Contains("ERP to eBay: queue backlog rose in each of the last 3 reports (10 → 20 → 30 → 40)", slack.Body, StringComparison.Ordinal);
        Assert.Contains("warning", slack.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(peer.Requests, r => r.Path.StartsWith("/pagerduty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScheduleOverPlatformBudget_IsBudgetInsight()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to eBay", timeout = 2880, platform = "ebay", sku_count = 5200 });

        await RunAsync(host, uuid, TimeSpan.FromMinutes(2));

        var insight = Assert.Single(await InsightsAsync(host, uuid), i => i.GetProperty("kind").GetString() == "budget");
        Assert.Equal("ERP to eBay: eBay Inventory API budget: this schedule needs 6 240 calls/day of 5 000.", insight.GetProperty("message").GetString());
    }
}
