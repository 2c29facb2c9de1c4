using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckCreateTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Create_Returns201WithHealthchecksFields_WhenSpecIsValid(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);

        var answer = await PostAsync(host.Api, "api/v3/checks/",
            new { name = "Backups", tags = "prod  db", desc = "nightly dump", timeout = 3600, grace = 600 });

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        var check = answer.Json;
        var uuid = check.GetProperty("uuid").GetString()!;
        Assert.True(Guid.TryParseExact(uuid, "D", out _));
        Assert.Equal(uuid.ToLowerInvariant(), uuid);
        Assert.Equal("Backups", check.GetProperty("name").GetString());
        Assert.Equal("backups", check.GetProperty("slug").GetString());
        Assert.Equal("prod db", check.GetProperty("tags").GetString());
        Assert.Equal("nightly dump", check.GetProperty("desc").GetString());
        Assert.Equal(3600, check.GetProperty("timeout").GetInt64());
        Assert.Equal(600, check.GetProperty("grace").GetInt64());
        Assert.Equal(0, check.GetProperty("n_pings").GetInt32());
        Assert.Equal("new", check.GetProperty("status").GetString());
        Assert.False(check.GetProperty("started").GetBoolean());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("last_ping").ValueKind);
        Assert.Equal(JsonValueKind.Null, check.GetProperty("next_ping").ValueKind);
        Assert.False(check.GetProperty("manual_resume").GetBoolean());
        Assert.Equal("", check.GetProperty("methods").GetString());
        Assert.False(check.TryGetProperty("schedule", out _));
        Assert.False(check.TryGetProperty("tz", out _));
        Assert.False(check.TryGetProperty("unique_key", out _));
        var api = $"{host.BaseUrl()}/api/v3/checks/{uuid}";
        Assert.Equal($"{host.BaseUrl()}/ping/{uuid}", check.GetProperty("ping_url").GetString());
        Assert.Equal(api, check.GetProperty("update_url").GetString());
        Assert.Equal($"{api}/pause", check.GetProperty("pause_url").GetString());
        Assert.Equal($"{api}/resume", check.GetProperty("resume_url").GetString());
        Assert.Equal("", check.GetProperty("channels").GetString());
    }

    [Fact]
    public async Task Create_UsesHealthchecksDefaults_WhenOnlyNameIsGiven()
    {
        await using var host = await StockbeatHost.StartAsync();

        var check = await host.CreateCheckAsync(new { name = "defaults" });

        Assert.Equal(86400, check.GetProperty("timeout").GetInt64());
        Assert.Equal(3600, check.GetProperty("grace").GetInt64());
        Assert.Equal("", check.GetProperty("tags").GetString());
        Assert.Equal("", check.GetProperty("desc").GetString());
    }

    [Theory]
    [InlineData("https://stockbeat.example.com", "https://stockbeat.example.com")]
    // The trailing slash of the public URL is dropped when building links.
    [InlineData("https://stockbeat.example.com/monitor/", "https://stockbeat.example.com/monitor")]
    public async Task Create_BuildsLinksFromPublicUrl_WhenPublicUrlIsConfigured(string publicUrl, string linkBase)
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:PublicUrl", publicUrl);

        var check = await host.CreateCheckAsync(new { name = "linked" });

        var uuid = check.GetProperty("uuid").GetString();
        Assert.Equal($"{linkBase}/ping/{uuid}", check.GetProperty("ping_url").GetString());
        Assert.Equal($"{linkBase}/api/v3/checks/{uuid}", check.GetProperty("update_url").GetString());
        Assert.Equal($"{linkBase}/api/v3/checks/{uuid}/pause", check.GetProperty("pause_url").GetString());
        Assert.Equal($"{linkBase}/api/v3/checks/{uuid}/resume", check.GetProperty("resume_url").GetString());
    }

    [Fact]
    public async Task Create_ReturnsScheduleAndTzWithoutTimeout_WhenScheduleIsGiven()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Api, "api/v3/checks/",
            new { name = "cron job", schedule = "15 3 * * 1-5", tz = "Europe/Riga", grace = 900 });

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal("15 3 * * 1-5", answer.Json.GetProperty("schedule").GetString());
        Assert.Equal("Europe/Riga", answer.Json.GetProperty("tz").GetString());
        Assert.Equal(900, answer.Json.GetProperty("grace").GetInt64());
        Assert.False(answer.Json.TryGetProperty("timeout", out _));
    }

    [Fact]
    public async Task Create_UsesUtc_WhenScheduleIsGivenWithoutTz()
    {
        await using var host = await StockbeatHost.StartAsync();

        var check = await host.CreateCheckAsync(new { name = "cron job", schedule = "0 * * * *" });

        Assert.Equal("UTC", check.GetProperty("tz").GetString());
    }

    [Fact]
    public async Task Create_PrefersSchedule_WhenTimeoutAndScheduleAreBothGiven()
    {
        await using var host = await StockbeatHost.StartAsync();

        var check = await host.CreateCheckAsync(new { name = "both", timeout = 3600, schedule = "0 * * * *" });

        Assert.Equal("0 * * * *", check.GetProperty("schedule").GetString());
        Assert.False(check.TryGetProperty("timeout", out _));
    }

    [Theory]
    [InlineData("ERP → Amazon sync", "erp-amazon-sync")]
    [InlineData("Nightly Backup (DB)", "nightly-backup-db")]
    [InlineData("  spaced  out  ", "spaced-out")]
    [InlineData("snake_case_name", "snake_case_name")]
    public async Task Create_DerivesSlugFromName_WhenSlugIsAbsent(string name, string slug)
    {
        await using var host = await StockbeatHost.StartAsync();

        var check = await host.CreateCheckAsync(new { name });

        Assert.Equal(slug, check.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Create_KeepsGivenSlug_WhenSlugIsPresent()
    {
        await using var host = await StockbeatHost.StartAsync();

        var check = await host.CreateCheckAsync(new { name = "Nightly Backup", slug = "backup-1" });

        Assert.Equal("backup-1", check.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Create_AcceptsPathWithoutTrailingSlash()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Api, "api/v3/checks", new { name = "no slash" });

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Single(await host.ListChecksAsync());
    }

    [Fact]
    public async Task Create_StoresManualResumeAndMethods_WhenGiven()
    {
        await using var host = await StockbeatHost.StartAsync();

        var check = await host.CreateCheckAsync(new { name = "strict", manual_resume = true, methods = "POST" });

        Assert.True(check.GetProperty("manual_resume").GetBoolean());
        Assert.Equal("POST", check.GetProperty("methods").GetString());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Create_Returns200AndUpdatesExisting_WhenUniqueNameMatches(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly", timeout = 3600 });

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", """{"name": "nightly", "timeout": 7200, "unique": ["name"]}""");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(uuid, answer.Json.GetProperty("uuid").GetString());
        Assert.Equal(7200, answer.Json.GetProperty("timeout").GetInt64());
        var listed = Assert.Single(await host.ListChecksAsync());
        Assert.Equal(7200, listed.GetProperty("timeout").GetInt64());
    }

    [Fact]
    public async Task Create_Returns201AndAddsCheck_WhenUniqueNameDoesNotMatch()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "nightly" });

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", """{"name": "weekly", "unique": ["name"]}""");

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal(2, (await host.ListChecksAsync()).Length);
    }

    [Fact]
    public async Task Create_MatchesOnEveryUniqueField_WhenSeveralAreGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "sync", tags = "erp" });
        var other = await host.CreateCheckUuidAsync(new { name = "sync", tags = "shop" });

        var answer = await PostRawAsync(host.Api, "api/v3/checks/",
            """{"name": "sync", "tags": "shop", "desc": "matched", "unique": ["name", "tags"]}""");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(other, answer.Json.GetProperty("uuid").GetString());
        Assert.Equal("matched", answer.Json.GetProperty("desc").GetString());
        Assert.Equal(2, (await host.ListChecksAsync()).Length);
    }

    [Fact]
    public async Task Create_MatchesOnTimeoutAndGrace_OfSimpleSchedulesOnly()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "daily cron", schedule = "0 3 * * *", grace = 600 });
        await host.CreateCheckAsync(new { name = "daily, short grace", timeout = 86400, grace = 300 });
        var daily = await host.CreateCheckUuidAsync(new { name = "daily", timeout = 86400, grace = 600 });

        var answer = await PostRawAsync(host.Api, "api/v3/checks/",
            """{"name": "daily export", "timeout": 86400, "grace": 600, "unique": ["timeout", "grace"]}""");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(daily, answer.Json.GetProperty("uuid").GetString());
        Assert.Equal(3, (await host.ListChecksAsync()).Length);
    }

    [Theory]
    [InlineData("grace")]
    [InlineData("timeout")]
    [InlineData("tags")]
    public async Task Create_Returns201AndLeavesOthersAlone_WhenUniqueFieldIsAbsentFromRequest(string field)
    {
        // Healthchecks' _lookup: "If any field referenced in 'unique' is absent then return None" (create).
        // Matching on the default instead would rename an unrelated monitor that happens to have it.
        await using var host = await StockbeatHost.StartAsync();
        var unrelated = await host.CreateCheckUuidAsync(new { name = "unrelated" });

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", $$"""{"name": "new job", "unique": ["{{field}}"]}""");

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.NotEqual(unrelated, answer.Json.GetProperty("uuid").GetString());
        Assert.Equal("unrelated", (await host.GetCheckAsync(unrelated)).GetProperty("name").GetString());
        Assert.Equal(2, (await host.ListChecksAsync()).Length);
    }

    [Fact]
    public async Task Create_Returns200AndUpdatesExisting_WhenUniqueSlugMatches()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "First name", slug = "job-1" });

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", """{"name": "Renamed", "slug": "job-1", "unique": ["slug"]}""");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(uuid, answer.Json.GetProperty("uuid").GetString());
        Assert.Equal("Renamed", answer.Json.GetProperty("name").GetString());
        Assert.Single(await host.ListChecksAsync());
    }
}
