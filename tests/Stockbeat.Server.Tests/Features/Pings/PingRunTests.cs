using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Features.Pings.PingTestApi;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>What pings do to a monitor, seen through the HTTP API: status, runs, rids, durations and pruning.</summary>
public sealed class PingRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Ping_MarksMonitorUp_WhenCreatedThroughApi(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await CreateMonitorAsync(host, new { name = "ERP to Amazon", timeout = 900, grace = 300 });

        using var response = await host.Client.GetAsync($"ping/{uuid}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var monitor = await GetMonitorAsync(host, uuid);
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
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });

        using var response = await host.Client.GetAsync($"ping/{uuid}/start", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var monitor = await GetMonitorAsync(host, uuid);
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
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });
        using var start = await host.Client.GetAsync($"ping/{uuid}/start", Ct);
        host.Time.Advance(TimeSpan.FromSeconds(42));

        using var success = await host.Client.GetAsync($"ping/{uuid}", Ct);

        Assert.Equal(HttpStatusCode.OK, success.StatusCode);
        var monitor = await GetMonitorAsync(host, uuid);
        Assert.Equal("up", monitor.GetProperty("status").GetString());
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.Equal(42, monitor.GetProperty("last_duration").GetInt64());
        Assert.Equal("2026-01-15T10:00:42+00:00", monitor.GetProperty("last_ping").GetString());
        var pings = await GetPingsAsync(host, uuid);
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
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });
        using var up = await host.Client.GetAsync($"ping/{uuid}", Ct);
        using var start = await host.Client.GetAsync($"ping/{uuid}/start", Ct);
        host.Time.Advance(TimeSpan.FromSeconds(7));

        using var fail = await host.Client.GetAsync($"ping/{uuid}/{suffix}", Ct);

        Assert.Equal(HttpStatusCode.OK, fail.StatusCode);
        var monitor = await GetMonitorAsync(host, uuid);
        Assert.Equal("down", monitor.GetProperty("status").GetString());
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.Equal(7, monitor.GetProperty("last_duration").GetInt64());
        Assert.Equal(7, (await GetPingsAsync(host, uuid))[0].GetProperty("duration").GetDouble());
    }

    [Fact]
    public async Task Log_ChangesNothingButPingCount_WhenMonitorUp()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });
        using var up = await host.Client.GetAsync($"ping/{uuid}", Ct);
        var before = await GetMonitorAsync(host, uuid);
        host.Time.Advance(TimeSpan.FromMinutes(5));

        using var log = await host.Client.PostAsync($"ping/{uuid}/log", new StringContent("step 3 of 7"), Ct);

        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        var after = await GetMonitorAsync(host, uuid);
        Assert.Equal("up", after.GetProperty("status").GetString());
        Assert.Equal(before.GetProperty("last_ping").GetString(), after.GetProperty("last_ping").GetString());
        Assert.False(after.GetProperty("started").GetBoolean());
        Assert.Equal(2, after.GetProperty("n_pings").GetInt32());
        Assert.Equal("log", (await GetPingsAsync(host, uuid))[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ping_StoresRid_WhenRidValid()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });
        var rid = Guid.NewGuid();

        using var lower = await host.Client.GetAsync($"ping/{uuid}/start?rid={rid}", Ct);
        using var upper = await host.Client.GetAsync($"ping/{uuid}?rid={rid.ToString().ToUpperInvariant()}", Ct);
        using var none = await host.Client.GetAsync($"ping/{uuid}/log", Ct);

        Assert.Equal(HttpStatusCode.OK, lower.StatusCode);
        Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
        var pings = await GetPingsAsync(host, uuid);
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
        var uuid = await CreateMonitorAsync(host, new { name = "x", slug = "erp-sync", timeout = 900, grace = 300 });

        using var byUuid = await host.Client.GetAsync($"ping/{uuid}{suffix}{query}", Ct);
        using var bySlug = await host.Client.GetAsync($"ping/{StockbeatHost.PingKey}/erp-sync{suffix}{query}", Ct);

        foreach (var response in new[] { byUuid, bySlug })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("invalid uuid format", await response.Content.ReadAsStringAsync(Ct));
        }

        Assert.Empty(await GetPingsAsync(host, uuid));
        var monitor = await GetMonitorAsync(host, uuid);
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
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        using var startA = await host.Client.GetAsync($"ping/{uuid}/start?rid={a}", Ct);
        host.Time.Advance(TimeSpan.FromSeconds(10));
        using var startB = await host.Client.GetAsync($"ping/{uuid}/start?rid={b}", Ct);
        host.Time.Advance(TimeSpan.FromSeconds(20));

        using var successA = await host.Client.GetAsync($"ping/{uuid}?rid={a}", Ct);
        var afterA = await GetMonitorAsync(host, uuid);
        host.Time.Advance(TimeSpan.FromSeconds(5.5));
        using var successB = await host.Client.GetAsync($"ping/{uuid}/0?rid={b}", Ct);

        Assert.Equal(HttpStatusCode.OK, successA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, successB.StatusCode);
        // A's success leaves B's run open.
        Assert.True(afterA.GetProperty("started").GetBoolean());
        var pings = await GetPingsAsync(host, uuid);
        Assert.Equal(
            [("success", b.ToString(), (double?)25.5), ("success", a.ToString(), 30), ("start", b.ToString(), null), ("start", a.ToString(), null)],
            pings.Select(p => (
                p.GetProperty("type").GetString(),
                p.GetProperty("rid").GetString(),
                p.GetProperty("duration").ValueKind == JsonValueKind.Null ? null : (double?)p.GetProperty("duration").GetDouble())));
        var monitor = await GetMonitorAsync(host, uuid);
        Assert.False(monitor.GetProperty("started").GetBoolean());
        // Healthchecks reports last_duration in whole seconds and ping durations with fractions.
        Assert.Equal(25, monitor.GetProperty("last_duration").GetInt64());
        Assert.Equal("up", monitor.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Success_LeavesRunOpen_WhenRidDiffersFromOpenRun()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });
        using var start = await host.Client.GetAsync($"ping/{uuid}/start?rid={Guid.NewGuid()}", Ct);
        host.Time.Advance(TimeSpan.FromSeconds(3));

        using var success = await host.Client.GetAsync($"ping/{uuid}?rid={Guid.NewGuid()}", Ct);

        Assert.Equal(HttpStatusCode.OK, success.StatusCode);
        var monitor = await GetMonitorAsync(host, uuid);
        Assert.Equal("up", monitor.GetProperty("status").GetString());
        Assert.True(monitor.GetProperty("started").GetBoolean());
        Assert.False(monitor.TryGetProperty("last_duration", out _));
        Assert.Equal(JsonValueKind.Null, (await GetPingsAsync(host, uuid))[0].GetProperty("duration").ValueKind);
    }

    [Theory]
    [InlineData("fail")]
    [InlineData("")]
    public async Task Finish_ClosesRun_WhenFailOrNoRid(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });
        using var start = await host.Client.GetAsync($"ping/{uuid}/start?rid={Guid.NewGuid()}", Ct);
        var rid = suffix == "fail" ? $"?rid={Guid.NewGuid()}" : "";

        using var finish = await host.Client.GetAsync($"ping/{uuid}/{suffix}{rid}", Ct);

        Assert.Equal(HttpStatusCode.OK, finish.StatusCode);
        var monitor = await GetMonitorAsync(host, uuid);
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.False(monitor.TryGetProperty("last_duration", out _));
    }

    [Fact]
    public async Task Ping_ReportsNoDuration_WhenPauseClosedTheRun()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });
        using var start = await host.Client.GetAsync($"ping/{uuid}/start", Ct);
        await PauseAsync(host, uuid);
        Assert.False((await GetMonitorAsync(host, uuid)).GetProperty("started").GetBoolean());
        host.Time.Advance(TimeSpan.FromMinutes(1));

        using var success = await host.Client.GetAsync($"ping/{uuid}", Ct);

        Assert.Equal(HttpStatusCode.OK, success.StatusCode);
        var monitor = await GetMonitorAsync(host, uuid);
        Assert.Equal("up", monitor.GetProperty("status").GetString());
        // The reference: a finish has a duration only "if a start is open", and pause closed it.
        Assert.False(monitor.TryGetProperty("last_duration", out _));
    }

    [Fact]
    public async Task Ping_IsIgnored_WhenMonitorAcceptsOnlyPostAndMethodIsNot()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, new { name = "x", methods = "POST", timeout = 900, grace = 300 });

        using var get = await host.Client.GetAsync($"ping/{uuid}", Ct);
        using var head = await SendAsync(host, "HEAD", $"ping/{uuid}/fail");
        using var put = await SendAsync(host, "PUT", $"ping/{uuid}/start");

        Assert.All(new[] { get, head, put }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var monitor = await GetMonitorAsync(host, uuid);
        Assert.Equal("new", monitor.GetProperty("status").GetString());
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.Equal(3, monitor.GetProperty("n_pings").GetInt32());
        var pings = await GetPingsAsync(host, uuid);
        Assert.Equal([("ign", "PUT"), ("ign", "HEAD"), ("ign", "GET")],
            pings.Select(p => (p.GetProperty("type").GetString(), p.GetProperty("method").GetString())));
    }

    [Fact]
    public async Task Ping_CountsPost_WhenMonitorAcceptsOnlyPost()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, new { name = "x", methods = "POST", timeout = 900, grace = 300 });
        using var get = await host.Client.GetAsync($"ping/{uuid}", Ct);

        using var post = await host.Client.PostAsync($"ping/{uuid}", null, Ct);

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("up", (await GetMonitorAsync(host, uuid)).GetProperty("status").GetString());
        Assert.Equal("success", (await GetPingsAsync(host, uuid))[0].GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/start")]
    [InlineData("/fail")]
    [InlineData("/0")]
    public async Task Ping_IsIgnored_WhenMonitorPausedWithManualResume(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, new { name = "x", manual_resume = true, timeout = 900, grace = 300 });
        await PauseAsync(host, uuid);

        using var response = await host.Client.GetAsync($"ping/{uuid}{suffix}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var monitor = await GetMonitorAsync(host, uuid);
        Assert.Equal("paused", monitor.GetProperty("status").GetString());
        Assert.False(monitor.GetProperty("started").GetBoolean());
        Assert.Equal(JsonValueKind.Null, monitor.GetProperty("last_ping").ValueKind);
        Assert.Equal("ign", Assert.Single(await GetPingsAsync(host, uuid)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ping_ResumesMonitor_WhenPausedWithoutManualResume()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });
        await PauseAsync(host, uuid);

        using var response = await host.Client.GetAsync($"ping/{uuid}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("up", (await GetMonitorAsync(host, uuid)).GetProperty("status").GetString());
        Assert.Equal("success", Assert.Single(await GetPingsAsync(host, uuid)).GetProperty("type").GetString());
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
        var uuid = await CreateMonitorAsync(host, new { name = "x", timeout = 900, grace = 300 });

        for (var i = 1; i <= 8; i++)
        {
            using var response = await host.Client.PostAsync($"ping/{uuid}", new StringContent($"ping {i}"), Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            host.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var pings = await GetPingsAsync(host, uuid);
        Assert.Equal([8L, 7, 6, 5, 4], pings.Select(p => p.GetProperty("n").GetInt64()));
        Assert.Equal("ping 8"u8.ToArray(), await GetPingBodyAsync(host, uuid, 8));
        Assert.Equal("ping 4"u8.ToArray(), await GetPingBodyAsync(host, uuid, 4));
        using var pruned = await host.Api.GetAsync($"api/v3/checks/{uuid}/pings/3/body", Ct);
        Assert.Equal(HttpStatusCode.NotFound, pruned.StatusCode);
        Assert.Equal(8, (await GetMonitorAsync(host, uuid)).GetProperty("n_pings").GetInt32());
    }
}
