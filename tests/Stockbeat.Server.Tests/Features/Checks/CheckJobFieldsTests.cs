using System.Net;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

/// <summary>The fields that say what a sync is: source, destination, kind, thresholds.</summary>
public sealed class CheckJobFieldsTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Create_StoresSourceDestinationKindAndThresholds(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);

        var uuid = await host.CreateCheckUuidAsync(new
        {
            name = "ERP to Amazon",
            source = "erp",
            destination = "amazon",
            kind = "feed",
            error_threshold = 0.02,
            min_runtime = 120,
        });
        var check = await host.GetCheckAsync(uuid);

        Assert.Equal("erp", check.GetProperty("source").GetString());
        Assert.Equal("amazon", check.GetProperty("destination").GetString());
        Assert.Equal("feed", check.GetProperty("kind").GetString());
        Assert.Equal(0.02, check.GetProperty("error_threshold").GetDouble());
        Assert.Equal(120, check.GetProperty("min_runtime").GetInt64());
    }

    [Fact]
    public async Task Create_DefaultsToSyncKindAndFivePercent()
    {
        await using var host = await StockbeatHost.StartAsync();

        var check = await host.GetCheckAsync(await host.CreateCheckUuidAsync(new { name = "x" }));

        Assert.Equal("sync", check.GetProperty("kind").GetString());
        Assert.Equal(0.05, check.GetProperty("error_threshold").GetDouble());
        Assert.False(HasValue(check, "source"));
        Assert.False(HasValue(check, "min_runtime"));
    }

    [Fact]
    public async Task Feed_TakesMaxRuntimeFromPlatformProcessingDelay_UnlessSet()
    {
        await using var host = await StockbeatHost.StartAsync();

        var feed = await host.GetCheckAsync(await host.CreateCheckUuidAsync(new { name = "feed", kind = "feed", platform = "amazon-feeds", grace = 300 }));
        var sync = await host.GetCheckAsync(await host.CreateCheckUuidAsync(new { name = "sync", platform = "amazon-feeds", grace = 300 }));
        var set = await host.GetCheckAsync(await host.CreateCheckUuidAsync(new { name = "set", kind = "feed", platform = "amazon-feeds", max_runtime = 3600 }));

        Assert.Equal(900, feed.GetProperty("max_runtime").GetInt64());
        Assert.Equal(300, sync.GetProperty("max_runtime").GetInt64());
        Assert.Equal(3600, set.GetProperty("max_runtime").GetInt64());
    }

    [Fact]
    public async Task Feed_TimesOutAfterProcessingDelay_WhenCompletionPingNeverComes()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "Amazon inventory feed", kind = "feed", platform = "amazon-feeds", timeout = 3600 });
        await host.PingAsync($"ping/{uuid}/start");

        host.Time.Advance(TimeSpan.FromMinutes(16));
        await host.Get<Stockbeat.Server.Workers.DeadlineSweeper>().RunOnceAsync(Ct);

        Assert.Equal("down", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
        var run = Assert.Single(await host.ListRunsAsync(uuid));
        Assert.Equal("timeout", run.GetProperty("outcome").GetString());
        Assert.Equal("a run did not finish within 15 min", run.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Update_ClearsSourceWithEmptyString()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "x", source = "pos" });

        (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { source = "" })).Expect(HttpStatusCode.OK, "update");

        Assert.False(HasValue(await host.GetCheckAsync(uuid), "source"));
    }

    [Theory]
    [InlineData("""{"name":"x","kind":"stream"}""", "json validation error: kind must be one of sync, feed, event_flow")]
    [InlineData("""{"name":"x","source":42}""", "json validation error: source is not a string")]
    public async Task Create_RefusesBadJobFields(string body, string error)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(error, answer.Error);
    }

    [Fact]
    public async Task Rules_AreStoredShownAndReset()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "x", rules = new Dictionary<string, object> { ["failure_rate"] = 0.1, ["duration_variability"] = false } });

        var created = await host.GetCheckAsync(uuid);
        (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { rules = new { } })).Expect(HttpStatusCode.OK, "reset");
        var reset = await host.GetCheckAsync(uuid);

        Assert.Equal(0.1, created.GetProperty("rules").GetProperty("failure_rate").GetDouble());
        Assert.False(created.GetProperty("rules").GetProperty("duration_variability").GetBoolean());
        Assert.Empty(reset.GetProperty("rules").EnumerateObject());
    }

    [Theory]
    [InlineData("""{"name":"x","rules":{"negative_salable":false}}""", "json validation error: rules negative_salable cannot be changed: oversold items always open an incident")]
    [InlineData("""{"name":"x","rules":{"failure_rate":"5%"}}""", "json validation error: rules failure_rate must be false or a number")]
    [InlineData("""{"name":"x","rules":[1]}""", "json validation error: rules must be an object such as {\"failure_rate\": 0.05, \"duration_variability\": false}")]
    public async Task Rules_RefuseBadOverrides(string body, string error)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(error, answer.Error);
    }
}
