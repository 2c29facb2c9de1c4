using System.Net;
using System.Text.Json;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Runs;

/// <summary>Runs as records: pairing, outcomes, reports and the error threshold, through real HTTP.</summary>
public sealed class RunApiTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Runs_PairStartAndFinishByRid_WithDurationAndReport(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to website", timeout = 900 });
        var rid = Guid.NewGuid();

        await host.PingAsync($"ping/{uuid}/start?rid={rid}");
        host.Time.Advance(TimeSpan.FromSeconds(312.5));
        await host.ReportAsync($"ping/{uuid}?rid={rid}", """{"total":1200,"updated":310,"errors":3,"log":"done"}""");

        var run = Assert.Single(await host.ListRunsAsync(uuid));
        Assert.Equal(rid.ToString(), run.GetProperty("rid").GetString());
        Assert.Equal("success", run.GetProperty("outcome").GetString());
        Assert.Equal(312.5, run.GetProperty("duration").GetDouble());
        Assert.Equal("2026-01-15T10:00:00+00:00", run.GetProperty("started_at").GetString());
        Assert.Equal("2026-01-15T10:05:12+00:00", run.GetProperty("finished_at").GetString());
        Assert.Equal(1200, run.GetProperty("report").GetProperty("total").GetDouble());
        Assert.Equal(3, run.GetProperty("report").GetProperty("errors").GetDouble());
        Assert.Equal("done", run.GetProperty("log").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("reason").ValueKind);
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Report_CountsSuccessAsFailedRun_AndSlackNamesTheRate_WhenErrorsAboveDefaultThreshold(Backend backend)
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StockbeatHost.StartAsync(backend);
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to eBay", timeout = 1800, channels = "*" });
        await host.PingAsync($"ping/{uuid}");

        await host.ReportAsync($"ping/{uuid}", """{"total":5200,"updated":4882,"errors":318}""");
        await host.Get<EscalationPass>().RunOnceAsync(Ct);
        await host.Get<DeliveryPass>().RunOnceAsync(Ct);

        var run = (await host.ListRunsAsync(uuid))[0];
        Assert.Equal("failed", run.GetProperty("outcome").GetString());
        Assert.Equal("6.1% of SKUs failed (318 of 5200; limit 5%): run counted as failed", run.GetProperty("reason").GetString());
        Assert.Equal("down", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
        var slack = Assert.Single(peer.Requests, r => r.Path == "/slack");
        Assert.Contains("ERP to eBay is down: 6.1% of SKUs failed (318 of 5200; limit 5%)", slack.Body, StringComparison.Ordinal);
        var incident = await host.SingleIncidentAsync();
        Assert.Equal("failed", incident.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Report_StaysSuccess_WhenMonitorThresholdIsHigher()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to eBay", timeout = 1800, error_threshold = 0.1 });

        await host.ReportAsync($"ping/{uuid}", """{"total":5200,"errors":318}""");

        Assert.Equal("success", (await host.ListRunsAsync(uuid))[0].GetProperty("outcome").GetString());
        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal("up", monitor.GetProperty("status").GetString());
        Assert.Equal(0.1, monitor.GetProperty("error_threshold").GetDouble());
    }

    [Fact]
    public async Task Report_FailsAtTheDefaultAgain_WhenThresholdIsClearedWithNull()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to eBay", timeout = 1800, error_threshold = 0.1 });

        var cleared = await PostRawAsync(host.Api, $"api/v3/checks/{uuid}", """{"error_threshold":null}""");
        await host.ReportAsync($"ping/{uuid}", """{"total":5200,"errors":318}""");

        Assert.Equal(HttpStatusCode.OK, cleared.Status);
        Assert.Equal("failed", (await host.ListRunsAsync(uuid))[0].GetProperty("outcome").GetString());
        Assert.Equal(0.05, (await host.GetCheckAsync(uuid)).GetProperty("error_threshold").GetDouble());
        Assert.Null((await host.Store.GetCheckAsync(Guid.Parse(uuid), Ct))!.ErrorThreshold);
    }

    [Theory]
    [InlineData("""{"name":"x","error_threshold":1.5}""", "json validation error: error_threshold must be a fraction from 0 to 1 (0.05 is 5%), or null for the default")]
    [InlineData("""{"name":"x","error_threshold":"5%"}""", "json validation error: error_threshold must be a fraction from 0 to 1 (0.05 is 5%), or null for the default")]
    [InlineData("""{"name":"x","min_runtime":-1}""", "json validation error: min_runtime must be a whole number of seconds from 0 to 31536000")]
    public async Task Create_RefusesThresholds_WhenOutOfRange(string body, string error)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(error, answer.Error);
    }

    [Fact]
    public async Task Report_IsKeptAsLogWithReason_WhenMalformed()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "supplier to ERP", timeout = 3600 });

        await host.ReportAsync($"ping/{uuid}", """{"total": 12,""");

        var run = (await host.ListRunsAsync(uuid))[0];
        Assert.Equal("success", run.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("report").ValueKind);
        Assert.Equal("""{"total": 12,""", run.GetProperty("log").GetString());
        Assert.StartsWith("the report is not valid JSON", run.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("up", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ExitStatus_RecordsFailedRunWithStatus_WhenNonZero()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "POS to web", timeout = 900 });

        await host.PingAsync($"ping/{uuid}/start");
        await host.PingAsync($"ping/{uuid}/3", "Traceback: connection reset");

        var run = Assert.Single(await host.ListRunsAsync(uuid));
        Assert.Equal("failed", run.GetProperty("outcome").GetString());
        Assert.Equal(3, run.GetProperty("exit_status").GetInt32());
        Assert.Equal("the job exited with status 3", run.GetProperty("reason").GetString());
        Assert.Equal("Traceback: connection reset", run.GetProperty("log").GetString());
        var incident = await host.SingleIncidentAsync();
        Assert.Equal("failed", incident.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Timeout_MarksRunningRun_AndLateFinishStillRecordsDuration(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to Amazon", timeout = 3600, max_runtime = 600 });
        await host.PingAsync($"ping/{uuid}");
        await host.PingAsync($"ping/{uuid}/start");

        host.Time.Advance(TimeSpan.FromMinutes(11));
        await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);
        var timedOut = (await host.ListRunsAsync(uuid))[0];
        host.Time.Advance(TimeSpan.FromMinutes(4));
        await host.PingAsync($"ping/{uuid}");
        var finished = (await host.ListRunsAsync(uuid))[0];

        Assert.Equal("timeout", timedOut.GetProperty("outcome").GetString());
        Assert.Equal("a run did not finish within 10 min", timedOut.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, timedOut.GetProperty("finished_at").ValueKind);
        Assert.Equal(timedOut.GetProperty("id").GetInt64(), finished.GetProperty("id").GetInt64());
        Assert.Equal("timeout", finished.GetProperty("outcome").GetString());
        Assert.Equal(900, finished.GetProperty("duration").GetDouble());
        Assert.Equal(2, (await host.ListRunsAsync(uuid)).Length);
    }

    [Fact]
    public async Task PlainPings_EachMakeRunWithoutDuration()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly", timeout = 86400 });

        await host.PingAsync($"ping/{uuid}");
        await host.PingAsync($"ping/{uuid}/fail");
        await host.PingAsync($"ping/{uuid}/log", "just a note");

        var runs = await host.ListRunsAsync(uuid);
        Assert.Equal(["failed", "success"], runs.Select(r => r.GetProperty("outcome").GetString()));
        Assert.All(runs, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("duration").ValueKind));
        Assert.All(runs, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("started_at").ValueKind));
    }

    [Fact]
    public async Task Pause_ClosesRunningRunAsFailed()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to website", timeout = 900 });
        await host.PingAsync($"ping/{uuid}/start");

        await host.PauseCheckAsync(uuid);
        await host.PingAsync($"ping/{uuid}");

        var runs = await host.ListRunsAsync(uuid);
        Assert.Equal(2, runs.Length);
        Assert.Equal("failed", runs[1].GetProperty("outcome").GetString());
        Assert.Equal("the monitor was paused while this run was going", runs[1].GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, runs[0].GetProperty("duration").ValueKind);
    }

    [Fact]
    public async Task Start_GivesUpUnfinishedRun_WhenSameRidStartsAgain()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to website", timeout = 900 });
        await host.PingAsync($"ping/{uuid}/start");
        host.Time.Advance(TimeSpan.FromMinutes(1));

        await host.PingAsync($"ping/{uuid}/start");
        host.Time.Advance(TimeSpan.FromMinutes(2));
        await host.PingAsync($"ping/{uuid}");

        var runs = await host.ListRunsAsync(uuid);
        Assert.Equal(["success", "failed"], runs.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal(120, runs[0].GetProperty("duration").GetDouble());
    }

    [Fact]
    public async Task Runs_PageBackWithBeforeAndLimit()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "often", timeout = 60 });
        for (var i = 0; i < 5; i++)
        {
            await host.PingAsync($"ping/{uuid}");
        }

        var first = await host.ListRunsAsync(uuid, "?limit=2");
        var next = await host.ListRunsAsync(uuid, $"?limit=2&before={first[1].GetProperty("id").GetInt64()}");

        Assert.Equal(2, first.Length);
        Assert.Equal(2, next.Length);
        Assert.True(next[0].GetProperty("id").GetInt64() < first[1].GetProperty("id").GetInt64());
    }

    [Theory]
    [InlineData("?limit=0", "limit must be a whole number from 1 to 1000")]
    [InlineData("?limit=abc", "limit must be a whole number from 1 to 1000")]
    [InlineData("?limit=1001", "limit must be a whole number from 1 to 1000")]
    [InlineData("?before=-3", "before must be a run id")]
    public async Task Runs_RefusesBadPaging(string query, string error)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "x" });

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/runs/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(error, answer.Error);
    }

    [Fact]
    public async Task Runs_HideLog_FromReadOnlyKey()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "x", timeout = 900 });
        await host.PingAsync($"ping/{uuid}", "secret output");
        var check = await host.GetCheckAsync(uuid);

        using var readOnly = host.ReadOnlyClient();
        var listed = Items((await GetAsync(readOnly, "api/v3/checks/")).Json, "checks")[0];
        var key = listed.GetProperty("unique_key").GetString();
        var runs = Items((await GetAsync(readOnly, $"api/v3/checks/{key}/runs/")).Json, "runs");

        Assert.Equal("up", check.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, Assert.Single(runs).GetProperty("log").ValueKind);
    }

    [Fact]
    public async Task Metrics_GiveSeriesOldestFirst_AndNamesWithLastValue()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to Amazon", timeout = 900 });
        foreach (var backlog in new[] { 120, 340, 910 })
        {
            await host.ReportAsync($"ping/{uuid}", $$"""{"total":1000,"backlog":{{backlog}}}""");
            host.Time.Advance(TimeSpan.FromMinutes(15));
        }

        await host.PingAsync($"ping/{uuid}");
        var series = await host.ReadAsync($"api/v3/checks/{uuid}/metrics/?name=backlog");
        var names = Items(await host.ReadAsync($"api/v3/checks/{uuid}/metrics/"), "metrics");

        Assert.Equal("backlog", series.GetProperty("name").GetString());
        Assert.Equal([120.0, 340.0, 910.0], Items(series, "points").Select(p => p.GetProperty("value").GetDouble()));
        Assert.Equal("2026-01-15T10:00:00+00:00", Items(series, "points")[0].GetProperty("at").GetString());
        Assert.Equal(["backlog", "total"], names.Select(n => n.GetProperty("name").GetString()));
        Assert.Equal(910, names[0].GetProperty("last").GetDouble());
        Assert.Equal(3, names[0].GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task RetentionPass_DeletesRunsOlderThanRetention_AndKeepsTheRest()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly", timeout = 86400 });
        await host.PingAsync($"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromDays(20));
        await host.PingAsync($"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromDays(11));

        var outcome = await host.Get<RetentionPass>().RunOnceAsync(Ct);

        Assert.Equal(new RetentionOutcome(1, MoreDue: false), outcome);
        Assert.Equal("2026-02-04T10:00:00+00:00", Assert.Single(await host.ListRunsAsync(uuid)).GetProperty("finished_at").GetString());
    }
}
