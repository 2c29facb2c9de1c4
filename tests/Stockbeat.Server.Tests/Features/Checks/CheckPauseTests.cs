using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckPauseTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Pause_ReturnsPausedCheck_WhenCheckIsUp(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 3600 });
        await host.PingAsync($"ping/{uuid}");

        var answer = await SendAsync(host.Api, HttpMethod.Post, $"api/v3/checks/{uuid}/pause");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("paused", answer.Json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, answer.Json.GetProperty("next_ping").ValueKind);
        Assert.Equal("paused", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pause_StaysPaused_WhenTimeoutPassesLater()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 60, grace = 60 });
        await host.PingAsync($"ping/{uuid}");
        await host.PauseCheckAsync(uuid);

        host.Time.Advance(TimeSpan.FromHours(5));

        Assert.Equal("paused", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Pause_ClosesOpenRun_WhenCheckIsStarted()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PingAsync($"ping/{uuid}/start");

        var answer = await SendAsync(host.Api, HttpMethod.Post, $"api/v3/checks/{uuid}/pause");

        Assert.False(answer.Json.GetProperty("started").GetBoolean());
    }

    [Fact]
    public async Task Pause_Returns200_WhenCheckIsAlreadyPaused()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PauseCheckAsync(uuid);

        var again = await SendAsync(host.Api, HttpMethod.Post, $"api/v3/checks/{uuid}/pause");

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("paused", again.Json.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Resume_ReturnsNewCheckWithoutLastPing_WhenCheckIsPaused(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 3600 });
        await host.PingAsync($"ping/{uuid}");
        await host.PauseCheckAsync(uuid);

        var answer = await SendAsync(host.Api, HttpMethod.Post, $"api/v3/checks/{uuid}/resume");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var stored = await host.GetCheckAsync(uuid);
        foreach (var check in new[] { answer.Json, stored })
        {
            Assert.Equal("new", check.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, check.GetProperty("last_ping").ValueKind);
            Assert.Equal(JsonValueKind.Null, check.GetProperty("next_ping").ValueKind);
            Assert.Equal(1, check.GetProperty("n_pings").GetInt32());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Resume_Returns409NotPaused_WhenCheckIsNotPaused(bool pinged)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        if (pinged)
        {
            await host.PingAsync($"ping/{uuid}");
        }

        var answer = await SendAsync(host.Api, HttpMethod.Post, $"api/v3/checks/{uuid}/resume");

        Assert.Equal(HttpStatusCode.Conflict, answer.Status);
        Assert.Equal("check is not paused", answer.Error);
        Assert.Equal(pinged ? "up" : "new", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task PauseOrResume_Returns404_WhenUuidIsUnknown(string action)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await SendAsync(host.Api, HttpMethod.Post, $"api/v3/checks/{Guid.NewGuid()}/{action}");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/fail")]
    public async Task Ping_UnpausesCheck_WhenManualResumeIsOff(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 3600 });
        await host.PauseCheckAsync(uuid);
        host.Time.Advance(TimeSpan.FromMinutes(1));

        await host.PingAsync($"ping/{uuid}{suffix}");

        var check = await host.GetCheckAsync(uuid);
        Assert.Equal(suffix == "" ? "up" : "down", check.GetProperty("status").GetString());
        Assert.Equal("2026-01-15T10:01:00+00:00", check.GetProperty("last_ping").GetString());
    }

    [Fact]
    public async Task Ping_LeavesCheckPaused_WhenManualResumeIsOn()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 3600, manual_resume = true });
        await host.PauseCheckAsync(uuid);

        await host.PingAsync($"ping/{uuid}");

        var check = await host.GetCheckAsync(uuid);
        Assert.Equal("paused", check.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, check.GetProperty("last_ping").ValueKind);
        Assert.Equal("ign", Assert.Single(await host.ListPingsAsync(uuid)).GetProperty("type").GetString());
    }
}
