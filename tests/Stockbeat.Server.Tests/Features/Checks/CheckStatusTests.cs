using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckStatusTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Get_ShowsUpGraceThenDown_AsClockPassesTimeoutAndGrace(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 3600, grace = 600 });
        await host.PingAsync($"ping/{uuid}");

        host.Time.Advance(TimeSpan.FromSeconds(3599));
        var beforeTimeout = await host.GetCheckAsync(uuid);
        host.Time.Advance(TimeSpan.FromSeconds(2));
        var inGrace = await host.GetCheckAsync(uuid);
        host.Time.Advance(TimeSpan.FromSeconds(598));
        var graceEnding = await host.GetCheckAsync(uuid);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var down = await host.GetCheckAsync(uuid);

        Assert.Equal("up", beforeTimeout.GetProperty("status").GetString());
        Assert.Equal("grace", inGrace.GetProperty("status").GetString());
        Assert.Equal("grace", graceEnding.GetProperty("status").GetString());
        Assert.Equal("down", down.GetProperty("status").GetString());
        Assert.Equal("2026-01-15T10:00:00+00:00", down.GetProperty("last_ping").GetString());
        Assert.Equal("2026-01-15T11:00:00+00:00", down.GetProperty("next_ping").GetString());
    }

    [Fact]
    public async Task List_ShowsComputedStatus_WhenGraceHasPassed()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 60, grace = 60 });
        await host.PingAsync($"ping/{uuid}");

        host.Time.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal("down", Assert.Single(await host.ListChecksAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_ShowsLastPingPlusTimeoutAsNextPing_AfterEachPing()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 900 });
        await host.PingAsync($"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromSeconds(500));

        await host.PingAsync($"ping/{uuid}");

        var check = await host.GetCheckAsync(uuid);
        Assert.Equal("2026-01-15T10:08:20+00:00", check.GetProperty("last_ping").GetString());
        Assert.Equal("2026-01-15T10:23:20+00:00", check.GetProperty("next_ping").GetString());
        Assert.Equal(2, check.GetProperty("n_pings").GetInt32());
    }

    [Fact]
    public async Task Get_ShowsWholeSecondTimes_WhenPingArrivesMidSecond()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 60 });
        host.Time.Advance(TimeSpan.FromMilliseconds(1750));

        await host.PingAsync($"ping/{uuid}");

        var check = await host.GetCheckAsync(uuid);
        Assert.Equal("2026-01-15T10:00:01+00:00", check.GetProperty("last_ping").GetString());
        Assert.Equal("2026-01-15T10:01:01+00:00", check.GetProperty("next_ping").GetString());
    }

    [Fact]
    public async Task Get_ShowsNextCronOccurrence_WhenCheckHasSchedule()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", schedule = "30 2 * * *", tz = "Europe/Riga" });

        await host.PingAsync($"ping/{uuid}");

        // 02:30 in Riga (UTC+2 in winter) is 00:30 UTC, next day after the 10:00 UTC ping.
        Assert.Equal("2026-01-16T00:30:00+00:00", (await host.GetCheckAsync(uuid)).GetProperty("next_ping").GetString());
    }

    [Fact]
    public async Task Get_ShowsStartedWithUnchangedStatus_WhenRunIsOpen()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 3600, grace = 600 });

        await host.PingAsync($"ping/{uuid}/start");

        var check = await host.GetCheckAsync(uuid);
        Assert.True(check.GetProperty("started").GetBoolean());
        Assert.Equal("new", check.GetProperty("status").GetString());
        Assert.Equal(1, check.GetProperty("n_pings").GetInt32());
    }

    [Fact]
    public async Task Get_ShowsDown_WhenOpenRunOutlastsGrace()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", timeout = 3600, grace = 600 });
        await host.PingAsync($"ping/{uuid}/start");

        host.Time.Advance(TimeSpan.FromSeconds(600));

        Assert.Equal("down", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_ShowsDown_WhenFailPingArrives()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });

        await host.PingAsync($"ping/{uuid}/fail");

        var check = await host.GetCheckAsync(uuid);
        Assert.Equal("down", check.GetProperty("status").GetString());
        Assert.Equal("2026-01-15T10:00:00+00:00", check.GetProperty("last_ping").GetString());
    }

    [Fact]
    public async Task Get_ShowsLastDuration_WhenRunFinished()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PingAsync($"ping/{uuid}/start");
        host.Time.Advance(TimeSpan.FromSeconds(90));

        await host.PingAsync($"ping/{uuid}");

        var check = await host.GetCheckAsync(uuid);
        Assert.Equal(90, check.GetProperty("last_duration").GetDouble());
        Assert.False(check.GetProperty("started").GetBoolean());
        Assert.Equal("up", check.GetProperty("status").GetString());
    }
}
