using System.Net;
using System.Text.RegularExpressions;
using Stockbeat.Core.Checks;
using Stockbeat.Server.Dashboard;
using Stockbeat.Server.Dashboard.Monitors;
using Stockbeat.Testing;

namespace Stockbeat.Dashboard.Tests;

/// <summary>What the dashboard reads from runs and the sync fields of a monitor: key metrics, routes, metric charts, the edit form.</summary>
public sealed class DashboardRunDataTests
{
    [Fact]
    public async Task Overview_ShowsLatestReportKeyMetrics_AndHighlightsOversold()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var web = await host.CreateCheckUuidAsync(new { name = "erp → website", timeout = 900, grace = 300 });
        var ebay = await host.CreateCheckUuidAsync(new { name = "erp → ebay", timeout = 900, grace = 300, error_threshold = 0.01 });
        await host.PingAsync($"ping/{web}", "{\"total\":1000,\"errors\":90,\"discrepancies\":9,\"backlog\":50,\"negative_salable\":0}");
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.PingAsync($"ping/{web}", "{\"total\":1000,\"errors\":20,\"discrepancies\":4,\"backlog\":35,\"negative_salable\":0}");
        await host.PingAsync($"ping/{ebay}", "{\"total\":2000,\"errors\":40,\"negative_salable\":3}");
        using var session = await SignedInAsync(host);

        var overview = await session.GetTextAsync("");
        var webRow = RowOf(overview, web);
        var ebayRow = RowOf(overview, ebay);

        // The latest report counts, not the earlier one: 2 % errors, not 9 %.
        Assert.Contains("<span class=\"metric m-errors\">2% errors</span>", webRow, StringComparison.Ordinal);
        Assert.Contains("<span class=\"metric m-discrepancies\">4 discrepancies</span>", webRow, StringComparison.Ordinal);
        Assert.Contains("<span class=\"metric m-backlog\">backlog 35</span>", webRow, StringComparison.Ordinal);
        Assert.Contains("<span class=\"metric m-oversold\">0 oversold</span>", webRow, StringComparison.Ordinal);
        // eBay's 2 % is above its own 1 % threshold; any oversold SKU is highlighted.
        Assert.Contains("<span class=\"metric m-errors bad\">2% errors</span>", ebayRow, StringComparison.Ordinal);
        Assert.Contains("<span class=\"metric m-oversold bad\">3 oversold</span>", ebayRow, StringComparison.Ordinal);
        Assert.DoesNotContain("m-backlog", ebayRow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_ShowsDash_WhenMonitorHasNoReport()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp → website", timeout = 900, grace = 300 });
        await host.PingAsync($"ping/{uuid}");
        using var session = await SignedInAsync(host);

        var row = RowOf(await session.GetTextAsync(""), uuid);

        Assert.Contains("<td class=\"metrics-cell\"><span class=\"muted\">—</span></td>", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_GroupsBySourceAndDestinationFields_WhenSet()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var nightly = await host.CreateCheckUuidAsync(new { name = "nightly stock push", timeout = 86400, grace = 3600, source = "ERP", destination = "Website" });
        var named = await host.CreateCheckUuidAsync(new { name = "erp → amazon", timeout = 900, grace = 300 });
        // The field wins over the name.
        var renamed = await host.CreateCheckUuidAsync(new { name = "erp → ebay", timeout = 900, grace = 300, source = "pim" });
        using var session = await SignedInAsync(host);

        var overview = await session.GetTextAsync("");
        var website = await session.GetTextAsync("?destination=website");
        var pim = await session.GetTextAsync("?source=pim");

        Assert.Equal(1, GroupHeader("erp").Count(overview));
        Assert.Contains($"<a href=\"/monitors/{nightly}\">→ website</a>", overview, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/monitors/{named}\">→ amazon</a>", overview, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/monitors/{renamed}\">→ ebay</a>", pim, StringComparison.Ordinal);
        Assert.Equal(1, GroupHeader("pim").Count(overview));
        Assert.Contains(nightly, website, StringComparison.Ordinal);
        Assert.DoesNotContain(named, website, StringComparison.Ordinal);
        Assert.DoesNotContain(named, pim, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorPage_ChartsEachReportedMetric_WithHoverValues()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp → website", timeout = 900, grace = 300 });
        foreach (var (backlog, reserved) in new[] { (10, 400), (20, 410), (30, 9000) })
        {
            await host.PingAsync($"ping/{uuid}", $"{{\"total\":1000,\"backlog\":{backlog},\"reserved\":{reserved}}}");
            host.Time.Advance(TimeSpan.FromMinutes(15));
        }

        await host.PingAsync($"ping/{uuid}", "{\"total\":1000,\"stale_listings\":7}");
        using var session = await SignedInAsync(host);

        var page = await session.GetTextAsync($"monitors/{uuid}");

        Assert.Contains("<h2>Reported metrics</h2>", page, StringComparison.Ordinal);
        Assert.Equal(3, Dots(MetricSvg(page, "backlog")));
        Assert.Equal(3, Dots(MetricSvg(page, "reserved")));
        Assert.Equal(4, Dots(MetricSvg(page, "total")));
        Assert.Equal(1, Dots(MetricSvg(page, "stale_listings")));
        Assert.Contains("<title>2026-01-15 10:30:00 UTC: backlog 30</title>", MetricSvg(page, "backlog"), StringComparison.Ordinal);
        Assert.Contains("reserved 9\u2009000", WebUtility.HtmlDecode(MetricSvg(page, "reserved")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorPage_HasNoMetricCharts_WhenNoRunReported()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp → website", timeout = 900, grace = 300 });
        await host.PingAsync($"ping/{uuid}");
        using var session = await SignedInAsync(host);

        var page = await session.GetTextAsync($"monitors/{uuid}");

        Assert.DoesNotContain("Reported metrics", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditForm_SavesSyncFieldsAndDependencies_AndClearsThem()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "erp → amazon", timeout = 1800, grace = 300 }));
        var upstream = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "supplier → erp", timeout = 3600, grace = 300 }));
        using var session = await SignedInAsync(host);
        var page = $"monitors/{uuid}";

        using var saved = await session.PostFormAsync(page,
        [
            .. Basics, new("error_threshold_percent", "2.5%"), new("min_runtime_minutes", "1.5"), new("source", "ERP"), new("destination", "amazon"),
            new("job_kind", "feed"), new("depends_on", upstream.ToString()),
        ], tokenFrom: page);
        var edited = (await host.Store.GetCheckAsync(uuid, Ct))!;
        var dependencies = await host.Store.GetDependenciesAsync(host.ProjectId, Ct);
        var form = await session.GetTextAsync(page);
        using var cleared = await session.PostFormAsync(page, [.. Basics, new("error_threshold_percent", ""), new("min_runtime_minutes", ""), new("source", ""), new("destination", "")], tokenFrom: page);
        var plain = (await host.Store.GetCheckAsync(uuid, Ct))!;

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(0.025, edited.ErrorThreshold);
        Assert.Equal(TimeSpan.FromSeconds(90), edited.MinRuntime);
        Assert.Equal(("ERP", "amazon", "feed"), (edited.Source, edited.Destination, edited.JobKind));
        Assert.Equal([upstream], dependencies[edited.Id]);
        Assert.Contains("name=\"error_threshold_percent\" value=\"2.5\"", form, StringComparison.Ordinal);
        Assert.Contains("name=\"min_runtime_minutes\" value=\"1.5\"", form, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{upstream}\" selected>supplier → erp</option>", form, StringComparison.Ordinal);
        Assert.Contains("<option selected>feed</option>", form, StringComparison.Ordinal);
        Assert.DoesNotContain($"<option value=\"{uuid}\"", form, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Equal(0.05, plain.EffectiveErrorThreshold);
        Assert.Null(plain.ErrorThreshold);
        Assert.Null(plain.MinRuntime);
        Assert.Null(plain.Source);
        Assert.Null(plain.Destination);
        Assert.Equal("sync", plain.JobKind);
        Assert.False((await host.Store.GetDependenciesAsync(host.ProjectId, Ct)).TryGetValue(plain.Id, out var left) && left.Count > 0);
    }

    [Theory]
    [InlineData("error_threshold_percent", "150", "Error threshold must be a percentage from 0 to 100.")]
    [InlineData("error_threshold_percent", "lots", "Error threshold must be a percentage, e.g. 5 or 0.5.")]
    [InlineData("min_runtime_minutes", "-2", "Min runtime must be from 0 minutes to a year.")]
    [InlineData("min_runtime_minutes", "soon", "Min runtime must be a number of minutes, e.g. 2 or 0.5.")]
    [InlineData("job_kind", "batch", "Job kind must be one of sync, feed, event_flow.")]
    [InlineData("depends_on", "not-a-uuid", "Depends on")]
    [InlineData("depends_on", "00000000-0000-0000-0000-000000000001", "Depends on names an unknown check")]
    [InlineData("depends_on", "self", "A monitor cannot depend on itself.")]
    public async Task EditForm_AnswersProblem_WhenSyncFieldIsInvalid(string field, string value, string message)
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "erp → amazon", timeout = 1800, grace = 300 }));
        using var session = await SignedInAsync(host);
        var page = $"monitors/{uuid}";

        using var response = await session.PostFormAsync(page, [.. Basics, new(field, value == "self" ? uuid.ToString() : value)], tokenFrom: page);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var unchanged = (await host.Store.GetCheckAsync(uuid, Ct))!;
        Assert.Null(unchanged.ErrorThreshold);
        Assert.Null(unchanged.MinRuntime);
        Assert.Equal("sync", unchanged.JobKind);
    }

    [Fact]
    public async Task NewMonitorForm_CreatesMonitorWithDependency()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var upstream = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "supplier → erp", timeout = 3600, grace = 300 }));
        using var session = await SignedInAsync(host);

        using var created = await session.PostFormAsync("monitors/new",
            [.. Basics, new("depends_on", upstream.ToString()), new("error_threshold_percent", "1"), new("source", "erp"), new("destination", "amazon")],
            tokenFrom: "monitors/new");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var check = Assert.Single(await host.Store.ListChecksAsync(host.ProjectId, Ct), c => c.Uuid != upstream);
        Assert.Equal([upstream], (await host.Store.GetDependenciesAsync(host.ProjectId, Ct))[check.Id]);
        Assert.Equal(0.01, check.ErrorThreshold);
        Assert.Equal(("erp", "amazon"), (check.Source, check.Destination));
    }

    [Fact]
    public async Task EditForm_NamesUpstreamBySlugOrUuid_WhenProjectHasTooManyMonitorsToList()
    {
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var uuid = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "erp → amazon", timeout = 1800, grace = 300 }));
        var supplier = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "supplier → erp", slug = "supplier-erp", timeout = 3600, grace = 300 }));
        var pim = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "pim → erp", timeout = 3600, grace = 300 }));
        for (var i = 0; i < DependencyChoices.Listed; i++)
        {
            await host.Store.CreateCheckAsync(new Check { Uuid = Guid.NewGuid(), ProjectId = host.ProjectId, Name = $"store {i:000} → web", Slug = $"store-{i:000}", Created = host.Time.GetUtcNow() }, Ct);
        }

        using var session = await SignedInAsync(host);
        var page = $"monitors/{uuid}";
        var before = await session.GetTextAsync(page);
        using var saved = await session.PostFormAsync(page, [.. Basics, new("depends_on_more", $"supplier-erp, {pim}")], tokenFrom: page);
        var upstream = await host.Store.GetUpstreamOfCheckAsync((await host.Store.GetCheckAsync(uuid, Ct))!.Id, Ct);
        var after = await session.GetTextAsync(page);
        using var unknown = await session.PostFormAsync(page, [.. Basics, new("depends_on", supplier.ToString()), new("depends_on_more", "no-such-sync")], tokenFrom: page);
        var refused = await unknown.Content.ReadAsStringAsync(Ct);

        Assert.DoesNotContain("store 000 → web", before, StringComparison.Ordinal);
        Assert.Contains("name=\"depends_on_more\"", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal([supplier, pim], upstream);
        Assert.Contains($"<option value=\"{supplier}\" selected>supplier → erp</option>", after, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{pim}\" selected>pim → erp</option>", after, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(Regex.Match(after, "<select name=\"depends_on\".*?</select>", RegexOptions.Singleline).Value, "<option"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains(Html.Encoder.Encode("Depends on names \"no-such-sync\", which is neither a monitor's slug nor a uuid."), refused, StringComparison.Ordinal);
        Assert.Contains("value=\"no-such-sync\"", refused, StringComparison.Ordinal);
    }

    private static KeyValuePair<string, string>[] Basics =>
        [new("name", "erp → amazon"), new("kind", "simple"), new("period_minutes", "30"), new("grace_minutes", "5")];

    /// <summary>The overview table row of one monitor.</summary>
    private static string RowOf(string html, string uuid)
    {
        var link = html.IndexOf($"href=\"/monitors/{uuid}\"", StringComparison.Ordinal);
        Assert.True(link >= 0, $"no row for {uuid}");
        var start = html.LastIndexOf("<tr", link, StringComparison.Ordinal);
        return html[start..html.IndexOf("</tr>", link, StringComparison.Ordinal)];
    }

    private static string MetricSvg(string html, string metric)
    {
        var start = html.IndexOf($"data-metric=\"{metric}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no chart of {metric}");
        return html[start..html.IndexOf("</svg>", start, StringComparison.Ordinal)];
    }

    private static int Dots(string svg) => svg.Split("<circle ").Length - 1;

    private static Regex GroupHeader(string group) => new($"<th colspan=\"8\" scope=\"rowgroup\">{Regex.Escape(group)}</th>");

    private static async Task<DashboardSession> SignedInAsync(StockbeatHost host)
    {
        var session = new DashboardSession(host);
        await session.SignInOrFailAsync();
        return session;
    }
}
