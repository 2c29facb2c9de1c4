using System.Net;
using System.Text.RegularExpressions;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;

namespace Stockbeat.Dashboard.Tests;

public sealed partial class DashboardPagesTests
{
    [Theory]
    [InlineData("admin")]
    [InlineData("viewer")]
    public async Task EveryPage_Renders_WhenSignedIn(string role)
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp → amazon", tags = "amazon", timeout = 900, grace = 300, platform = "amazon-feeds", sku_count = 5000 });
        await host.PingAsync($"ping/{uuid}/start");
        host.Time.Advance(TimeSpan.FromMinutes(2));
        await host.PingAsync($"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromMinutes(30));
        await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);
        var incident = Assert.Single(await host.Store.ListProjectIncidentsAsync(host.ProjectId, openOnly: true, 10, Ct));
        using var session = await SignedInAsync(host, role);

        foreach (var path in new[]
        {
            "", "?status=down&tag=amazon&q=erp", "?group=tag", "fragments/overview?status=down", $"monitors/{uuid}", $"incidents/{incident.Id}",
            "incidents", "settings/users", "settings/channels", "settings/policies", "settings/maintenance",
            "settings/capacity?platform=ebay&skus=20000&every_minutes=30", "fragments/next-expected?kind=simple&period_minutes=15&grace_minutes=5",
        })
        {
            var html = await session.GetTextAsync(path);
            Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        }

        var overview = await session.GetTextAsync("?status=down");
        Assert.Contains("erp", overview, StringComparison.Ordinal);
        Assert.Contains("→ amazon", overview, StringComparison.Ordinal);
        Assert.Contains("unacknowledged", overview, StringComparison.Ordinal);
        Assert.Contains("every 15 min", overview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_PagesFiftyRows_AndFiltersBeforePaging()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        for (var i = 0; i < 120; i++)
        {
            await host.Store.CreateCheckAsync(new Core.Checks.Check
            {
                Uuid = Guid.NewGuid(),
                ProjectId = host.ProjectId,
                Name = $"erp → shop-{i:000}",
                Tags = i % 2 == 0 ? "even" : "odd",
                Created = StockbeatHost.Epoch,
            }, Ct);
        }

        using var session = await SignedInAsync(host, "admin");

        var first = await session.GetTextAsync("");
        var third = await session.GetTextAsync("?page=3");
        var even = await session.GetTextAsync("?tag=even&page=2");
        var pastTheEnd = await session.GetTextAsync("?page=9");
        var byTag = await session.GetTextAsync("?group=tag&page=2");

        Assert.Equal(50, RowCount(first));
        Assert.Contains("page 1 of 3 · 120 rows", first, StringComparison.Ordinal);
        Assert.Equal(20, RowCount(third));
        Assert.Contains("→ shop-119", third, StringComparison.Ordinal);
        Assert.Equal(10, RowCount(even));
        Assert.Contains("page 2 of 2 · 60 rows", even, StringComparison.Ordinal);
        Assert.DoesNotContain("→ shop-001<", even, StringComparison.Ordinal);
        // A page past the last one shows the last one.
        Assert.Equal(20, RowCount(pastTheEnd));
        Assert.Contains("page 3 of 3 · 120 rows", pastTheEnd, StringComparison.Ordinal);
        // By tag: the last ten "even" monitors by name, then the first forty "odd" ones.
        Assert.Equal(50, RowCount(byTag));
        Assert.Contains("erp → shop-100<", byTag, StringComparison.Ordinal);
        Assert.DoesNotContain("erp → shop-098<", byTag, StringComparison.Ordinal);
        Assert.Contains("erp → shop-079<", byTag, StringComparison.Ordinal);
        Assert.DoesNotContain("erp → shop-081<", byTag, StringComparison.Ordinal);
        Assert.True(byTag.IndexOf("erp → shop-118<", StringComparison.Ordinal) < byTag.IndexOf("erp → shop-001<", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MonitorPage_ShowsLastRunReport_WithErrorShare()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp → website", timeout = 900, grace = 300 });
        using var report = new StringContent("{\"total\":12000,\"updated\":340,\"errors\":720,\"backlog\":35}", System.Text.Encoding.UTF8, "application/json");
        using (var sent = await host.Client.PostAsync($"ping/{uuid}", report, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        using var session = await SignedInAsync(host, "admin");

        var page = await session.GetTextAsync($"monitors/{uuid}");

        Assert.Contains("Last run report", page, StringComparison.Ordinal);
        Assert.Contains("<dd class=\"warn\">720 (6%)</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<dt>backlog</dt><dd class=\"\">35</dd>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NextExpectedPreview_ShowsScheduleTimes()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = await SignedInAsync(host, "admin");

        var simple = await session.GetTextAsync("fragments/next-expected?kind=simple&period_minutes=15&grace_minutes=5");
        var cron = await session.GetTextAsync("fragments/next-expected?kind=cron&cron=30+2+*+*+*&tz=Europe/Berlin&grace_minutes=60");
        var bad = await session.GetTextAsync("fragments/next-expected?kind=cron&cron=not+cron&grace_minutes=5");

        Assert.Contains("2026-01-15 10:15:00 UTC", simple, StringComparison.Ordinal);
        Assert.Contains("2026-01-15 10:20:00 UTC", simple, StringComparison.Ordinal);
        Assert.Contains("2026-01-16 01:30:00 UTC", cron, StringComparison.Ordinal);
        Assert.Contains("Cron expression is not a valid cron expression.", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorForm_AnswersProblem_WhenPeriodIsNotANumber()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = await SignedInAsync(host, "admin");

        using var response = await session.PostFormAsync(
            "monitors/new", [new("name", "erp → web"), new("kind", "simple"), new("period_minutes", "soon")], tokenFrom: "monitors/new");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Period must be a number of minutes", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(await host.Store.ListChecksAsync(host.ProjectId, Ct));
    }

    [Fact]
    public async Task MonitorActions_PauseResumeEditDelete()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "erp → web", timeout = 900, grace = 300, sku_count = 5200 }));
        using var session = await SignedInAsync(host, "admin");
        var page = $"monitors/{uuid}";

        using var pause = await session.PostFormAsync($"{page}/pause", [], tokenFrom: page);
        var paused = (await host.Store.GetCheckAsync(uuid, Ct))!.Status;
        using var resume = await session.PostFormAsync($"{page}/resume", [], tokenFrom: page);
        var resumed = (await host.Store.GetCheckAsync(uuid, Ct))!.Status;
        using var edit = await session.PostFormAsync(page,
            [new("name", "erp → website"), new("kind", "cron"), new("cron", "*/30 * * * *"), new("tz", "Europe/Berlin"), new("grace_minutes", "10"), new("velocity", "fast")],
            tokenFrom: page);
        var edited = (await host.Store.GetCheckAsync(uuid, Ct))!;
        using var delete = await session.PostFormAsync($"{page}/delete", [], tokenFrom: $"{page}/delete");

        Assert.Equal((Core.Checks.CheckStatus.Paused, Core.Checks.CheckStatus.New), (paused, resumed));
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.Equal("erp → website", edited.Name);
        Assert.Equal("cron */30 * * * * (Europe/Berlin)", Server.Dashboard.Formats.Schedule(edited.Schedule));
        Assert.Equal(TimeSpan.FromMinutes(10), edited.Grace);
        Assert.Equal("fast", edited.Velocity);
        Assert.Null(edited.ErrorThreshold);
        // The form was sent with the SKU count field empty.
        Assert.Null(edited.SkuCount);
        Assert.Equal("/", delete.Headers.Location!.OriginalString);
        Assert.Null(await host.Store.GetCheckAsync(uuid, Ct));
    }

    [Fact]
    public async Task ApiKeys_ShownOnce_WorkUntilRevoked()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = await SignedInAsync(host, "admin");

        using var created = await session.PostFormAsync("settings/api-keys", [new("name", "ci deploy"), new("access", "read-only")], tokenFrom: "settings/api-keys");
        var key = NewKey().Match(await created.Content.ReadAsStringAsync(Ct)).Groups[1].Value;
        using var api = new HttpClient { BaseAddress = host.Address };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var before = await api.GetAsync("api/v3/checks/", Ct);
        var listed = await session.GetTextAsync("settings/api-keys");
        var record = Assert.Single(await host.Store.ListApiKeysAsync(host.ProjectId, Ct), k => k.Name == "ci deploy");
        using var revoke = await session.PostFormAsync($"settings/api-keys/{record.Id}/revoke", [], tokenFrom: "settings/api-keys");
        using var after = await api.GetAsync("api/v3/checks/", Ct);

        Assert.Equal(32, key.Length);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        Assert.True(record.ReadOnly);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Channels_CreateValidatesSettings_AndTestReportsFailure()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = await SignedInAsync(host, "admin");

        using var invalid = await session.PostFormAsync("settings/channels", [new("kind", "webhook"), new("name", "Storefront"), new("config", "not json")], tokenFrom: "settings/channels");
        using var created = await session.PostFormAsync(
            "settings/channels", [new("kind", "webhook"), new("name", "Storefront"), new("config", "{\"url\": \"http://127.0.0.1:9/hook\"}")], tokenFrom: "settings/channels");
        var channel = Assert.Single(await host.Store.ListChannelsAsync(host.ProjectId, Ct));
        using var test = await session.PostFormAsync($"settings/channels/{channel.Uuid}/test", [], tokenFrom: "settings/channels");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(("webhook", "Storefront"), (channel.Kind, channel.Name));
        Assert.Equal(HttpStatusCode.BadGateway, test.StatusCode);
        Assert.Contains("did not take the test notification", await test.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.NotNull(Assert.Single(await host.Store.ListChannelsAsync(host.ProjectId, Ct)).LastError);
    }

    [Fact]
    public async Task Policies_StepsEditorCreatesOrderedPolicy_AndRejectsStepWithoutRecipients()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = await SignedInAsync(host, "admin");

        using var created = await session.PostFormAsync("settings/policies",
        [
            new("name", "Marketplace"), new("after_minutes", "30"), new("kinds", "sms"), new("message", "call the ERP team"),
            new("after_minutes", "0"), new("kinds", "slack email"), new("message", ""), new("after_minutes", ""), new("kinds", ""), new("message", ""),
        ], tokenFrom: "settings/policies");
        using var invalid = await session.PostFormAsync("settings/policies",
            [new("name", "Empty"), new("after_minutes", "5"), new("kinds", ""), new("message", "")], tokenFrom: "settings/policies");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("notifies nobody", await invalid.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var policy = Assert.Single(await host.Store.ListPoliciesAsync(host.ProjectId, Ct), p => p.Name == "Marketplace");
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromMinutes(30)], policy.Policy.Steps.Select(s => s.After));
        Assert.Equal(["slack", "email"], policy.Policy.Steps[0].Kinds);
        Assert.Equal("call the ERP team", policy.Policy.Steps[1].Message);
        Assert.False(policy.IsDefault);
    }

    [Fact]
    public async Task Maintenance_PlansOneOffWindowInUtc_AndRejectsEndBeforeStart()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        using var session = await SignedInAsync(host, "admin");

        using var created = await session.PostFormAsync("settings/maintenance",
            [new("name", "ERP upgrade"), new("tags", "erp"), new("kind", "once"), new("start", "2026-01-17T22:00"), new("end", "2026-01-18T02:00")],
            tokenFrom: "settings/maintenance");
        using var invalid = await session.PostFormAsync("settings/maintenance",
            [new("name", "Backwards"), new("tags", "erp"), new("kind", "once"), new("start", "2026-01-18T02:00"), new("end", "2026-01-17T22:00")],
            tokenFrom: "settings/maintenance");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var window = Assert.Single(await host.Store.ListMaintenanceAsync(host.ProjectId, Ct)).Window;
        Assert.Equal(new DateTimeOffset(2026, 1, 17, 22, 0, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(["erp"], window.Tags);
    }

    private static int RowCount(string html) => MonitorRow().Count(html);

    [GeneratedRegex("<tr class=\"row-")]
    private static partial Regex MonitorRow();

    [GeneratedRegex("<code id=\"new-key\">([a-z0-9]+)</code>")]
    private static partial Regex NewKey();

    private static async Task<DashboardSession> SignedInAsync(StockbeatHost host, string role)
    {
        var session = new DashboardSession(host);
        if (role == "admin")
        {
            await session.SignInOrFailAsync();
            return session;
        }

        using (var admin = new DashboardSession(host))
        {
            await admin.SignInOrFailAsync();
            using var added = await admin.PostFormAsync(
                "settings/users",
                [new("email", "viewer@example.com"), new("role", "viewer"), new("password", "viewer password"), new("confirm", "viewer password")],
                tokenFrom: "settings/users");
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        }

        await session.SignInOrFailAsync("viewer@example.com", "viewer password");
        return session;
    }
}
