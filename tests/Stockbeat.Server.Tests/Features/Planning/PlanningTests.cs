using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Features.Planning;

public sealed class PlanningTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Plan_ReportsEbayBudgetOverrun_WhenScheduleNeedsTooManyCalls()
    {
        await using var host = await StockbeatHost.StartAsync();

        var response = await host.Api.PostAsJsonAsync("api/v3/plan", new { platform = "ebay", skus = 5200, every = 2880 }, Ct);
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(208, plan.GetProperty("calls_per_run").GetInt64());
        Assert.Equal(6240, plan.GetProperty("calls_per_day").GetDouble());
        Assert.Equal(5000, plan.GetProperty("budget_per_day").GetDouble());
        Assert.False(plan.GetProperty("fits").GetBoolean());
        Assert.Equal("eBay Inventory API budget: this schedule needs 6 240 calls/day of 5 000.", plan.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("""{"platform":"etsy","skus":10,"every":900}""", "platform must be one of")]
    [InlineData("""{"platform":"ebay","skus":"10","every":900}""", "skus must be a whole number")]
    [InlineData("""{"platform":"ebay","skus":-1,"every":900}""", "skus must be a whole number")]
    [InlineData("""{"platform":"ebay","skus":10,"every":30}""", "every must be a number of seconds")]
    [InlineData("""{"platform":"ebay","skus":10,"every":1e400}""", "every must be a number of seconds")]
    [InlineData("""{"platform":"custom","skus":10,"every":900}""", "rate_per_minute and batch_size")]
    [InlineData("""{"platform":"custom","skus":10,"every":900,"rate_per_minute":"5","batch_size":1}""", "rate_per_minute and batch_size")]
    [InlineData("""[1]""", "value is not an object")]
    public async Task Plan_Returns400NamingTheField_WhenInputIsInvalid(string body, string expected)
    {
        await using var host = await StockbeatHost.StartAsync();

        var response = await host.Api.PostAsync("api/v3/plan", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Platforms_ListsEveryBuiltInProfile()
    {
        await using var host = await StockbeatHost.StartAsync();

        var list = await host.Api.GetFromJsonAsync<JsonElement>("api/v3/platforms", Ct);

        Assert.Equal(
            ["shopify-rest", "shopify-graphql", "amazon-feeds", "ebay", "woocommerce"],
            list.GetProperty("platforms").EnumerateArray().Select(p => p.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("fast", 900)]
    [InlineData("regular", 3600)]
    [InlineData("slow", 14400)]
    public async Task Create_SetsGraceFromVelocity_WhenGraceIsNotGiven(string velocity, long grace)
    {
        await using var host = await StockbeatHost.StartAsync();

        var check = await CreateAsync(host, new { name = "erp-to-web", timeout = 900, velocity });

        Assert.Equal(grace, check.GetProperty("grace").GetInt64());
        Assert.Equal(velocity, check.GetProperty("velocity").GetString());
    }

    [Fact]
    public async Task Create_KeepsExplicitGrace_WhenVelocityIsAlsoGiven()
    {
        await using var host = await StockbeatHost.StartAsync();

        var check = await CreateAsync(host, new { name = "erp-to-web", timeout = 900, velocity = "fast", grace = 600 });

        Assert.Equal(600, check.GetProperty("grace").GetInt64());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Check_ShowsCapacityVerdict_WhenPlatformAndSkuCountAreSet(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);

        var check = await CreateAsync(host, new { name = "erp-to-ebay", timeout = 2880, platform = "ebay", sku_count = 5200 });
        var reread = await host.Api.GetFromJsonAsync<JsonElement>($"api/v3/checks/{check.GetProperty("uuid").GetString()}", Ct);

        Assert.Equal("ebay", reread.GetProperty("platform").GetString());
        Assert.Equal(5200, reread.GetProperty("sku_count").GetInt64());
        Assert.False(reread.GetProperty("plan").GetProperty("fits").GetBoolean());
        Assert.Contains("6 240 calls/day of 5 000", reread.GetProperty("plan").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ClearsSkuCountAndPlan_WhenSkuCountIsNull()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = (await CreateAsync(host, new { name = "erp-to-ebay", timeout = 2880, platform = "ebay", sku_count = 5200 })).GetProperty("uuid").GetString();

        using var cleared = await host.Api.PostAsync($"api/v3/checks/{uuid}", new StringContent("""{"sku_count":null}""", Encoding.UTF8, "application/json"), Ct);
        var reread = await host.Api.GetFromJsonAsync<JsonElement>($"api/v3/checks/{uuid}", Ct);

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(JsonValueKind.Null, reread.GetProperty("sku_count").ValueKind);
        Assert.Equal("ebay", reread.GetProperty("platform").GetString());
        Assert.False(reread.TryGetProperty("plan", out var plan) && plan.ValueKind != JsonValueKind.Null, "a plan without a SKU count");
    }

    [Theory]
    [InlineData("""{"name":"x","velocity":"ludicrous"}""", "velocity must be fast, regular or slow")]
    [InlineData("""{"name":"x","platform":"etsy"}""", "platform must be one of")]
    [InlineData("""{"name":"x","sku_count":"many"}""", "sku_count must be a whole number")]
    public async Task Create_Returns400_WhenInventoryFieldIsInvalid(string body, string expected)
    {
        await using var host = await StockbeatHost.StartAsync();

        var response = await host.Api.PostAsync("api/v3/checks/", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> CreateAsync(StockbeatHost host, object spec)
    {
        var response = await host.Api.PostAsJsonAsync("api/v3/checks/", spec, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }
}
