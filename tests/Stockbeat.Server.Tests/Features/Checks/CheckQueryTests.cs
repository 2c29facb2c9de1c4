using System.Net;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Api.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckQueryTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Get_ReturnsCheck_WhenUuidIsKnown(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var created = await CreateCheckAsync(host, new { name = "nightly", tags = "prod", timeout = 3600, grace = 300 });
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
        var uuid = await CreateCheckUuidAsync(host, new { name = "nightly" });

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
        await CreateCheckAsync(host, new { name = "one" });
        await CreateCheckAsync(host, new { name = "two" });

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
        await CreateCheckAsync(host, new { name = "both", tags = "a b" });
        await CreateCheckAsync(host, new { name = "all three", tags = "c b a" });
        await CreateCheckAsync(host, new { name = "only a", tags = "a" });
        await CreateCheckAsync(host, new { name = "prefix", tags = "ab bb" });
        await CreateCheckAsync(host, new { name = "none" });

        var checks = await ListChecksAsync(host, "?tag=a&tag=b");

        Assert.Equal(["all three", "both"], checks.Select(c => c.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task List_ReturnsChecksWithTheTag_WhenOneTagIsGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        await CreateCheckAsync(host, new { name = "prod db", tags = "prod db" });
        await CreateCheckAsync(host, new { name = "production", tags = "production" });

        var checks = await ListChecksAsync(host, "?tag=prod");

        Assert.Equal("prod db", Assert.Single(checks).GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_ReturnsOnlyMatchingSlug_WhenSlugIsGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        await CreateCheckAsync(host, new { name = "Nightly backup" });
        await CreateCheckAsync(host, new { name = "Nightly backup 2" });

        var checks = await ListChecksAsync(host, "?slug=nightly-backup");

        Assert.Equal("Nightly backup", Assert.Single(checks).GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_CombinesTagAndSlug_WhenBothAreGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        await CreateCheckAsync(host, new { name = "job", slug = "job", tags = "prod" });
        await CreateCheckAsync(host, new { name = "job", slug = "job", tags = "test" });

        var checks = await ListChecksAsync(host, "?slug=job&tag=test");

        Assert.Equal("test", Assert.Single(checks).GetProperty("tags").GetString());
    }

    [Fact]
    public async Task List_ReturnsNothing_WhenNoCheckHasTheSlug()
    {
        await using var host = await StockbeatHost.StartAsync();
        await CreateCheckAsync(host, new { name = "job" });

        var checks = await ListChecksAsync(host, "?slug=other");

        Assert.Empty(checks);
    }
}
