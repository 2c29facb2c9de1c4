using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckUpdateTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Update_ChangesOnlyGivenFields_WhenSomeFieldsAreGiven(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(
            new { name = "Nightly", slug = "nightly", tags = "prod", desc = "dump", timeout = 3600, grace = 600, manual_resume = true });

        var answer = await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { name = "Nightly v2", grace = 900 });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var stored = await host.GetCheckAsync(uuid);
        foreach (var check in new[] { answer.Json, stored })
        {
            Assert.Equal(uuid, check.GetProperty("uuid").GetString());
            Assert.Equal("Nightly v2", check.GetProperty("name").GetString());
            Assert.Equal(900, check.GetProperty("grace").GetInt64());
            Assert.Equal("nightly", check.GetProperty("slug").GetString());
            Assert.Equal("prod", check.GetProperty("tags").GetString());
            Assert.Equal("dump", check.GetProperty("desc").GetString());
            Assert.Equal(3600, check.GetProperty("timeout").GetInt64());
            Assert.True(check.GetProperty("manual_resume").GetBoolean());
        }
    }

    [Fact]
    public async Task Update_ChangesNothing_WhenBodyIsEmptyObject()
    {
        await using var host = await StockbeatHost.StartAsync();
        var created = await host.CreateCheckAsync(new { name = "same", tags = "a", timeout = 120 });
        var uuid = created.GetProperty("uuid").GetString();

        var answer = await PostRawAsync(host.Api, $"api/v3/checks/{uuid}", "{}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(created.ToString(), answer.Json.ToString());
    }

    [Fact]
    public async Task Update_KeepsSlug_WhenOnlyNameChanges()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "Old name" });

        var check = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { name = "New name" })).Json;

        Assert.Equal("old-name", check.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Update_ClearsTagsAndDesc_WhenEmptyStringsAreGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", tags = "a b", desc = "text" });

        var check = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { tags = "", desc = "" })).Json;

        Assert.Equal("", check.GetProperty("tags").GetString());
        Assert.Equal("", check.GetProperty("desc").GetString());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Update_SwitchesBetweenTimeoutAndSchedule_WhenEitherIsGiven(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 3600 });

        var toCron = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { schedule = "30 2 * * *", tz = "Europe/Berlin" })).Json;
        var storedCron = await host.GetCheckAsync(uuid);
        var toSimple = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { timeout = 7200 })).Json;
        var storedSimple = await host.GetCheckAsync(uuid);

        foreach (var cron in new[] { toCron, storedCron })
        {
            Assert.Equal("30 2 * * *", cron.GetProperty("schedule").GetString());
            Assert.Equal("Europe/Berlin", cron.GetProperty("tz").GetString());
            Assert.False(cron.TryGetProperty("timeout", out _));
        }

        foreach (var simple in new[] { toSimple, storedSimple })
        {
            Assert.Equal(7200, simple.GetProperty("timeout").GetInt64());
            Assert.False(simple.TryGetProperty("schedule", out _));
            Assert.False(simple.TryGetProperty("tz", out _));
        }
    }

    [Fact]
    public async Task Update_ChangesTzOfCronCheck_WhenOnlyTzIsGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", schedule = "0 6 * * *", tz = "UTC" });

        var check = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { tz = "Asia/Tokyo" })).Json;

        Assert.Equal("0 6 * * *", check.GetProperty("schedule").GetString());
        Assert.Equal("Asia/Tokyo", check.GetProperty("tz").GetString());
    }

    [Fact]
    public async Task Update_KeepsTzOfCronCheck_WhenOnlyScheduleIsGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", schedule = "0 6 * * *", tz = "Asia/Tokyo" });

        var check = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { schedule = "0 7 * * *" })).Json;

        Assert.Equal("0 7 * * *", check.GetProperty("schedule").GetString());
        Assert.Equal("Asia/Tokyo", check.GetProperty("tz").GetString());
    }

    [Fact]
    public async Task Update_MovesNextPing_WhenTimeoutChangesOnAnUpCheck()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 3600 });
        await host.PingAsync($"ping/{uuid}");

        var check = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { timeout = 600 })).Json;

        Assert.Equal("2026-01-15T10:10:00+00:00", check.GetProperty("next_ping").GetString());
        Assert.Equal("up", check.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Update_AcceptsPathWithTrailingSlash()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });

        var answer = await PostAsync(host.Api, $"api/v3/checks/{uuid}/", new { name = "renamed" });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("renamed", answer.Json.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Delete_ReturnsCheckThenGetReturns404_WhenCheckExists(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "doomed", timeout = 3600 });
        await host.PingAsync($"ping/{uuid}");

        var deleted = await DeleteAsync(host.Api, $"api/v3/checks/{uuid}");
        var after = await GetAsync(host.Api, $"api/v3/checks/{uuid}");

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal(uuid, deleted.Json.GetProperty("uuid").GetString());
        Assert.Equal("doomed", deleted.Json.GetProperty("name").GetString());
        Assert.Equal(1, deleted.Json.GetProperty("n_pings").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, after.Status);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Fact]
    public async Task Delete_Returns404_WhenCalledTwice()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "doomed" });
        await DeleteAsync(host.Api, $"api/v3/checks/{uuid}");

        var again = await DeleteAsync(host.Api, $"api/v3/checks/{uuid}");

        Assert.Equal(HttpStatusCode.NotFound, again.Status);
    }

    [Fact]
    public async Task Ping_Returns404_WhenCheckWasDeleted()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "doomed" });
        await DeleteAsync(host.Api, $"api/v3/checks/{uuid}");

        var ping = await GetAsync(host.Client, $"ping/{uuid}");

        Assert.Equal(HttpStatusCode.NotFound, ping.Status);
    }

    [Fact]
    public async Task Delete_LeavesOtherChecks_WhenOneIsDeleted()
    {
        await using var host = await StockbeatHost.StartAsync();
        var doomed = await host.CreateCheckUuidAsync(new { name = "doomed" });
        await host.CreateCheckAsync(new { name = "kept" });

        await DeleteAsync(host.Api, $"api/v3/checks/{doomed}");

        var kept = Assert.Single(await host.ListChecksAsync());
        Assert.Equal("kept", kept.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.String, kept.GetProperty("uuid").ValueKind);
    }
}
