using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Features.Pings.PingTestApi;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>What pings do to a monitor, seen through the HTTP API: status, runs, rids, durations and pruning.</summary>
public sealed class PingRunTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Ping_MarksMonitorUp_WhenCreatedThroughApi(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to Amazon", timeout = 900, grace = 300 });

        await host.PingAsync($"ping/{uuid}");

        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal("up", monitor.GetProperty("status").GetString());
        Assert.Equal(1, monitor.GetProperty("n_pings").GetInt32());
        Assert.Equal("erp-to-amazon", monitor.GetProperty("slug").GetString());
        Assert.Equal("2026-01-15T10:00:00+00:00", monitor.GetProperty("last_ping").GetString());
        Assert.Equal("2026-01-15T10:15:00+00:00", monitor.GetProperty("next_ping").GetString());
    }

    [Fact]
    public async Task Start_OpensRunWithoutChangingStatus_WhenMonitorNew()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        await host.PingAsync($"ping/{uuid}/start");

        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal("new", monitor.GetProperty("status").GetString());
        Assert.True(monitor.GetProperty("started").GetBoolean());
        Assert.Equal(JsonValueKind.Null, monitor.GetProperty("last_ping").ValueKind);
        Assert.Equal(1, monitor.GetProperty("n_pings").GetInt32());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Success_ClosesRunAndReportsDuration_WhenRunStarted(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await CreateMonitorAsync(host);
        await host.PingAsync($"ping/{uuid}/start");
        host.Time.Advance(TimeSpan.FromSeconds(42));

        await host.PingAsync($"ping/{uuid}");

        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal("up", monitor.GetProperty("status").GetString());
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.Equal(42, monitor.GetProperty("last_duration").GetInt64());
        Assert.Equal("2026-01-15T10:00:42+00:00", monitor.GetProperty("last_ping").GetString());
        var pings = await host.ListPingsAsync(uuid);
        Assert.Equal(["success", "start"], pings.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal(42, pings[0].GetProperty("duration").GetDouble());
        Assert.Equal(JsonValueKind.Null, pings[1].GetProperty("duration").ValueKind);
        Assert.Equal("2026-01-15T10:00:42+00:00", pings[0].GetProperty("date").GetString());
        Assert.Equal("2026-01-15T10:00:00+00:00", pings[1].GetProperty("date").GetString());
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("1")]
    public async Task Fail_MarksMonitorDownAndClosesRun_WhenRunStarted(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        await host.PingAsync($"ping/{uuid}");
        await host.PingAsync($"ping/{uuid}/start");
        host.Time.Advance(TimeSpan.FromSeconds(7));

        await host.PingAsync($"ping/{uuid}/{suffix}");

        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal("down", monitor.GetProperty("status").GetString());
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.Equal(7, monitor.GetProperty("last_duration").GetInt64());
        Assert.Equal(7, (await host.ListPingsAsync(uuid))[0].GetProperty("duration").GetDouble());
    }

    [Fact]
    public async Task Log_ChangesNothingButPingCount_WhenMonitorUp()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        await host.PingAsync($"ping/{uuid}");
        var before = await host.GetCheckAsync(uuid);
        host.Time.Advance(TimeSpan.FromMinutes(5));

        await host.PingAsync($"ping/{uuid}/log", "step 3 of 7");

        var after = await host.GetCheckAsync(uuid);
        Assert.Equal("up", after.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("last_ping").GetString(), after.GetProperty("last_ping").GetString());
        Assert.False(after.GetProperty("started").GetBoolean());
        Assert.Equal(2, after.GetProperty("n_pings").GetInt32());
        Assert.Equal("log", (await host.ListPingsAsync(uuid))[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ping_StoresRid_WhenRidValid()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        var rid = Guid.NewGuid();

        await host.PingAsync($"ping/{uuid}/start?rid={rid}");
        await host.PingAsync($"ping/{uuid}?rid={rid.ToString().ToUpperInvariant()}");
        await host.PingAsync($"ping/{uuid}/log");

        var pings = await host.ListPingsAsync(uuid);
        Assert.Equal([null, rid.ToString(), rid.ToString()], pings.Select(p => p.GetProperty("rid").GetString()));
    }

    [Theory]
    [InlineData("", "?rid=not-a-uuid")]
    [InlineData("", "?rid=")]
    [InlineData("", "?rid")]
    [InlineData("/start", "?rid=1234")]
    [InlineData("/fail", "?rid=5f1c0e0e-0000-0000-0000-00000000000g")]
    [InlineData("/0", "?rid=5f1c0e0e-0000-0000-0000-000000000000-0")]
    public async Task Ping_Returns400InvalidUuidFormat_WhenRidNotUuid(string suffix, string query)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, "erp-sync");

        await AssertAnswersAsync(host, HttpStatusCode.BadRequest, "invalid uuid format",
            $"ping/{uuid}{suffix}{query}", $"ping/{StockbeatHost.PingKey}/erp-sync{suffix}{query}");

        Assert.Empty(await host.ListPingsAsync(uuid));
        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal(0, monitor.GetProperty("n_pings").GetInt32());
        Assert.Equal("new", monitor.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ping_Returns404_WhenRidInvalidButUuidUnknown()
    {
        await using var host = await StockbeatHost.StartAsync();

        using var response = await host.Client.GetAsync($"ping/{Guid.NewGuid()}?rid=not-a-uuid", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Success_ReportsEachRunItsOwnDuration_WhenRunsOverlap(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await CreateMonitorAsync(host);
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        await host.PingAsync($"ping/{uuid}/start?rid={a}");
        host.Time.Advance(TimeSpan.FromSeconds(10));
        await host.PingAsync($"ping/{uuid}/start?rid={b}");
        host.Time.Advance(TimeSpan.FromSeconds(20));

        await host.PingAsync($"ping/{uuid}?rid={a}");
        var afterA = await host.GetCheckAsync(uuid);
        host.Time.Advance(TimeSpan.FromSeconds(5.5));
        await host.PingAsync($"ping/{uuid}/0?rid={b}");

        // A's success leaves B's run open.
        Assert.True(afterA.GetProperty("started").GetBoolean());
        var pings = await host.ListPingsAsync(uuid);
        Assert.Equal(
            [("success", b.ToString(), (double?)25.5), ("success", a.ToString(), 30), ("start", b.ToString(), null), ("start", a.ToString(), null)],
            pings.Select(p => (
                p.GetProperty("type").GetString(),
                p.GetProperty("rid").GetString(),
                p.GetProperty("duration").ValueKind == JsonValueKind.Null ? null : (double?)p.GetProperty("duration").GetDouble())));
        var monitor = await host.GetCheckAsync(uuid);
        Assert.False(monitor.GetProperty("started").GetBoolean());
        // Healthchecks reports last_duration in whole seconds and ping durations with fractions.
        Assert.Equal(25, monitor.GetProperty("last_duration").GetInt64());
        Assert.Equal("up", monitor.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Success_LeavesRunOpen_WhenRidDiffersFromOpenRun()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        await host.PingAsync($"ping/{uuid}/start?rid={Guid.NewGuid()}");
        host.Time.Advance(TimeSpan.FromSeconds(3));

        await host.PingAsync($"ping/{uuid}?rid={Guid.NewGuid()}");

        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal("up", monitor.GetProperty("status").GetString());
        Assert.True(monitor.GetProperty("started").GetBoolean());
        Assert.False(monitor.TryGetProperty("last_duration", out _));
        Assert.Equal(JsonValueKind.Null, (await host.ListPingsAsync(uuid))[0].GetProperty("duration").ValueKind);
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("")]
    public async Task Finish_ClosesRun_WhenFailOrNoRid(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        await host.PingAsync($"ping/{uuid}/start?rid={Guid.NewGuid()}");
        var rid = suffix == "fail" ? $"?rid={Guid.NewGuid()}" : "";

        await host.PingAsync($"ping/{uuid}/{suffix}{rid}");

        var monitor = await host.GetCheckAsync(uuid);
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.False(monitor.TryGetProperty("last_duration", out _));
    }

    [Fact]
    public async Task Ping_ReportsNoDuration_WhenPauseClosedTheRun()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        using var start = await host.Client.GetAsync($"ping/{uuid}/start", Ct);
        await host.PauseCheckAsync(uuid);
        Assert.False((await host.GetCheckAsync(uuid)).GetProperty("started").GetBoolean());
        host.Time.Advance(TimeSpan.FromMinutes(1));

        await host.PingAsync($"ping/{uuid}");

        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal("up", monitor.GetProperty("status").GetString());
        // The reference: a finish has a duration only "if a start is open", and pause closed it.
        Assert.False(monitor.TryGetProperty("last_duration", out _));
    }

    [Fact]
    public async Task Ping_IsIgnored_WhenMonitorAcceptsOnlyPostAndMethodIsNot()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "x", methods = "POST", timeout = 900, grace = 300 });

        using var get = await host.Client.GetAsync($"ping/{uuid}", Ct);
        using var head = await SendAsync(host, "HEAD", $"ping/{uuid}/fail");
        using var put = await SendAsync(host, "PUT", $"ping/{uuid}/start");

        Assert.All(new[] { get, head, put }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal("new", monitor.GetProperty("status").GetString());
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.Equal(3, monitor.GetProperty("n_pings").GetInt32());
        var pings = await host.ListPingsAsync(uuid);
        Assert.Equal([("ign", "PUT"), ("ign", "HEAD"), ("ign", "GET")],
            pings.Select(p => (p.GetProperty("type").GetString(), p.GetProperty("method").GetString())));
    }

    [Fact]
    public async Task Ping_CountsPost_WhenMonitorAcceptsOnlyPost()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "x", methods = "POST", timeout = 900, grace = 300 });
        await host.PingAsync($"ping/{uuid}");

        using var post = await host.Client.PostAsync($"ping/{uuid}", null, Ct);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("up", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
        Assert.Equal("success", (await host.ListPingsAsync(uuid))[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/start")]
    [InlineData("/fail")]
    [InlineData("/0")]
    public async Task Ping_IsIgnored_WhenMonitorPausedWithManualResume(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "x", manual_resume = true, timeout = 900, grace = 300 });
        await host.PauseCheckAsync(uuid);

        await host.PingAsync($"ping/{uuid}{suffix}");

        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal("paused", monitor.GetProperty("status").GetString());
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.Equal(JsonValueKind.Null, monitor.GetProperty("last_ping").ValueKind);
        Assert.Equal("ign", Assert.Single(await host.ListPingsAsync(uuid)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ping_ResumesMonitor_WhenPausedWithoutManualResume()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        await host.PauseCheckAsync(uuid);

        await host.PingAsync($"ping/{uuid}");

        Assert.Equal("up", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
        Assert.Equal("success", Assert.Single(await host.ListPingsAsync(uuid)).GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Ping_KeepsNewestPings_WhenMoreThanKeepPings(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend, new Dictionary<string, string>
        {
            ["Stockbeat:Ping:KeepPings"] = "5",
        });
        var uuid = await CreateMonitorAsync(host);

        for (var i = 1; i <= 8; i++)
        {
            await host.PingAsync($"ping/{uuid}", $"ping {i}");
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var pings = await host.ListPingsAsync(uuid);
        Assert.Equal([8L, 7, 6, 5, 4], pings.Select(p => p.GetProperty("n").GetInt64()));
        Assert.Equal("ping 8"u8.ToArray(), await host.GetPingBodyAsync(uuid, 8));
        Assert.Equal("ping 4"u8.ToArray(), await host.GetPingBodyAsync(uuid, 4));
        using var pruned = await host.Api.GetAsync($"api/v3/checks/{uuid}/pings/3/body", Ct);
        Assert.Equal(HttpStatusCode.NotFound, pruned.StatusCode);
        Assert.Equal(8, (await host.GetCheckAsync(uuid)).GetProperty("n_pings").GetInt32());
    }

    [Fact]
    public async Task Ping_ShowsOnlyTheNewestKeepPings_WhileOlderOnesWaitForTheNextStep()
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:Ping:KeepPings", "20");
        var uuid = await CreateMonitorAsync(host);

        for (var i = 1; i <= 21; i++)
        {
            await host.PingAsync($"ping/{uuid}", $"ping {i}");
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        // Ping 1 is still stored (pings are deleted two at a time when 20 are kept) but is no longer one of the newest 20.
        var pings = await host.ListPingsAsync(uuid);
        Assert.Equal(Enumerable.Range(2, 20).Reverse().Select(n => (long)n), pings.Select(p => p.GetProperty("n").GetInt64()));
        using var old = await host.Api.GetAsync($"api/v3/checks/{uuid}/pings/1/body", Ct);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Equal("ping 2"u8.ToArray(), await host.GetPingBodyAsync(uuid, 2));
    }
}
