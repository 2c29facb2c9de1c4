using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckFlipsTests
{
    /// <summary>A monitor that went up at 10:00, down at 11:00 and up again at 12:00 (the fake clock is then 12:00).</summary>
    private static async Task<string> UpDownUpAsync(StockbeatHost host)
    {
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 86400 });
        await host.PingAsync($"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.PingAsync($"ping/{uuid}/fail");
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.PingAsync($"ping/{uuid}");
        return uuid;
    }

    /// <summary>The flips of a <c>{"flips": [...]}</c> answer, newest first as Healthchecks lists them.</summary>
    private static (string? Timestamp, int Up)[] Read(JsonElement answer) =>
        [.. answer.GetProperty("flips").EnumerateArray().Select(f => (f.GetProperty("timestamp").GetString(), f.GetProperty("up").GetInt32()))];

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Flips_ListsEveryStatusChange_WhenFailAndSuccessPingsArrive(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await UpDownUpAsync(host);

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips/");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(
            [("2026-01-15T12:00:00+00:00", 1), ("2026-01-15T11:00:00+00:00", 0), ("2026-01-15T10:00:00+00:00", 1)],
            Read(answer.Json));
    }

    [Fact]
    public async Task Flips_AddsNothing_WhenRepeatedPingKeepsStatus()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PingAsync($"ping/{uuid}");
        await host.PingAsync($"ping/{uuid}");
        await host.PingAsync($"ping/{uuid}/log");

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips");

        Assert.Equal([("2026-01-15T10:00:00+00:00", 1)], Read(answer.Json));
    }

    [Fact]
    public async Task Flips_ReturnsEmptyArray_WhenCheckIsNew()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips/");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty(Read(answer.Json));
    }

    [Fact]
    public async Task Flips_ListsOnlyRecentChanges_WhenSecondsIsGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await UpDownUpAsync(host);
        host.Time.Advance(TimeSpan.FromSeconds(30));

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips/?seconds=60");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal([("2026-01-15T12:00:00+00:00", 1)], Read(answer.Json));
    }

    [Fact]
    public async Task Flips_ListsChangesInRange_WhenStartAndEndAreGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await UpDownUpAsync(host);
        var start = StockbeatHost.Epoch.AddMinutes(30).ToUnixTimeSeconds();
        var end = StockbeatHost.Epoch.AddMinutes(90).ToUnixTimeSeconds();

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips/?start={start}&end={end}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal([("2026-01-15T11:00:00+00:00", 0)], Read(answer.Json));
    }

    [Fact]
    public async Task Flips_ExcludesFlipAtEnd_WhenEndEqualsFlipTime()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await UpDownUpAsync(host);
        var end = StockbeatHost.Epoch.AddHours(1).ToUnixTimeSeconds();

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips/?end={end}");

        Assert.Equal([("2026-01-15T10:00:00+00:00", 1)], Read(answer.Json));
    }

    [Fact]
    public async Task Flips_AppliesStartAndSecondsTogether_WhenBothAreGiven()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await UpDownUpAsync(host);
        var start = StockbeatHost.Epoch.ToUnixTimeSeconds();

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips/?start={start}&seconds=5400");

        Assert.Equal([("2026-01-15T12:00:00+00:00", 1), ("2026-01-15T11:00:00+00:00", 0)], Read(answer.Json));
    }

    [Fact]
    public async Task Flips_ShowsWholeSeconds_WhenFlipHappensMidSecond()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        host.Time.Advance(TimeSpan.FromMilliseconds(2500));
        await host.PingAsync($"ping/{uuid}");

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips/");

        Assert.Equal([("2026-01-15T10:00:02+00:00", 1)], Read(answer.Json));
    }

    [Fact]
    public async Task Flips_Works_WhenReadOnlyKeyUsesUniqueKey()
    {
        await using var host = await StockbeatHost.StartAsync();
        await UpDownUpAsync(host);
        using var readOnly = host.ReadOnlyClient();
        var uniqueKey = (await GetAsync(readOnly, "api/v3/checks/")).Json.GetProperty("checks")[0].GetProperty("unique_key").GetString();

        var answer = await GetAsync(readOnly, $"api/v3/checks/{uniqueKey}/flips/");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(3, Read(answer.Json).Length);
    }

    [Theory]
    [InlineData("start=abc")]
    [InlineData("end=abc")]
    [InlineData("seconds=abc")]
    [InlineData("seconds=-5")]
    [InlineData("start=1.5")]
    public async Task Flips_Returns400_WhenQueryValueIsNotANonNegativeInteger(string query)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips/?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task Flips_Returns400_WhenSecondsReachesBeforeYearOne()
    {
        // Healthchecks refuses seconds above one year (FlipsFiltersForm: max_value=31536000); a window this
        // large must be refused too, not crash the handler.
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/flips/?seconds=99999999999");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task Flips_Returns404_WhenUuidIsUnknown()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await GetAsync(host.Api, $"api/v3/checks/{Guid.NewGuid()}/flips/");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }
}
