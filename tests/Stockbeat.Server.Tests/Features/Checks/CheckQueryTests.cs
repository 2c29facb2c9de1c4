using System.Net;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckQueryTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Get_ReturnsCheck_WhenUuidIsKnown(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var created = await host.CreateCheckAsync(new { name = "nightly", tags = "prod", timeout = 3600, grace = 300 });
        var uuid = created.GetProperty("uuid").GetString()!;

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(created.ToString(), answer.Json.ToString());
    }

    [Theory]
    [InlineData("api/v3/checks/{uuid}")]
    [InlineData("api/v3/checks/{uuid}/")]
    public async Task Get_ReturnsCheck_WithAndWithoutTrailingSlash(string path)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly" });

        var answer = await GetAsync(host.Api, path.Replace("{uuid}", uuid, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(uuid, answer.Json.GetProperty("uuid").GetString());
    }

    [Theory]
    [InlineData("api/v3/checks")]
    [InlineData("api/v3/checks/")]
    public async Task List_ReturnsAllChecks_WithAndWithoutTrailingSlash(string path)
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "one" });
        await host.CreateCheckAsync(new { name = "two" });

        var answer = await GetAsync(host.Api, path);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var names = answer.Json.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order();
        Assert.Equal(["one", "two"], names);
    }

    [Fact]
    public async Task List_ReturnsEmptyArray_WhenProjectHasNoChecks()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await GetAsync(host.Api, "api/v3/checks/");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(0, answer.Json.GetProperty("checks").GetArrayLength());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task List_ReturnsChecksWithEveryTag_WhenSeveralTagsAreGiven(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        await host.CreateCheckAsync(new { name = "both", tags = "a b" });
        await host.CreateCheckAsync(new { name = "all three", tags = "c b a" });
        await host.CreateCheckAsync(new { name = "only a", tags = "a" });
        await host.CreateCheckAsync(new { name = "prefix", tags = "ab bb" });
        await host.CreateCheckAsync(new { name = "none" });

        var checks = await host.ListChecksAsync("?tag=a&tag=b");

        Assert.Equal(["all three", "both"], checks.Select(c => c.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task List_ReturnsChecksWithTheTag_WhenOneTagIsGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "prod db", tags = "prod db" });
        await host.CreateCheckAsync(new { name = "production", tags = "production" });

        var checks = await host.ListChecksAsync("?tag=prod");

        Assert.Equal("prod db", Assert.Single(checks).GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_ReturnsOnlyMatchingSlug_WhenSlugIsGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "Nightly backup" });
        await host.CreateCheckAsync(new { name = "Nightly backup 2" });

        var checks = await host.ListChecksAsync("?slug=nightly-backup");

        Assert.Equal("Nightly backup", Assert.Single(checks).GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_ShowsChannelsAndUpstream_OfTheMonitorsWithTheSlug()
    {
        await using var host = await StockbeatHost.StartAsync();
        var supplier = await host.CreateCheckUuidAsync(new { name = "supplier → erp" });
        var channel = await host.CreateChannelAsync("webhook", new { url = "http://127.0.0.1:9/hook" }, "ops");
        await host.CreateCheckAsync(new { name = "erp → shop", channels = "ops" });
        await host.CreateCheckAsync(new { name = "erp → amazon", channels = "ops", depends_on = new[] { supplier } });

        var check = Assert.Single(await host.ListChecksAsync("?slug=erp-amazon"));

        Assert.Equal(channel, check.GetProperty("channels").GetString());
        Assert.Equal([supplier], check.GetProperty("depends_on").EnumerateArray().Select(u => u.GetString()));
    }

    [Fact]
    public async Task List_CombinesTagAndSlug_WhenBothAreGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "job", slug = "job", tags = "prod" });
        await host.CreateCheckAsync(new { name = "job", slug = "job", tags = "test" });

        var checks = await host.ListChecksAsync("?slug=job&tag=test");

        Assert.Equal("test", Assert.Single(checks).GetProperty("tags").GetString());
    }

    [Fact]
    public async Task List_ReturnsNothing_WhenNoCheckHasTheSlug()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "job" });

        var checks = await host.ListChecksAsync("?slug=other");

        Assert.Empty(checks);
    }
}
