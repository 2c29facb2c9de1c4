using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;

namespace Stockbeat.Dashboard.Tests;

/// <summary>The dashboard in a real browser: the inventory manager's day, with screenshots for the docs.</summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task Dashboard_FollowsMonitorFromFormToAcknowledgedIncident()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        var others = await CreateNeighboursAsync(host);
        await host.CreateChannelAsync("slack", new { url = "http://127.0.0.1:9/slack" }, "Ops Slack");
        await using var context = await NewContextAsync(browser, host);
        var page = await SignedInAsync(context);

        // Create a monitor through the form.
        await page.GetByRole(AriaRole.Link, new() { Name = "New monitor" }).First.ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("erp → amazon");
        await page.GetByLabel("Tags").FillAsync("amazon prod");
        await page.GetByLabel("Period in minutes").FillAsync("30");
        await page.GetByLabel("Grace in minutes").FillAsync("10");
        await page.GetByLabel("Platform").SelectOptionAsync("amazon-feeds");
        await page.GetByLabel("SKU count").FillAsync("12000");
        await page.GetByLabel("Ops Slack").CheckAsync();
        await page.GetByLabel("Error threshold in %").FillAsync("2");
        await page.GetByLabel("Depends on").SelectOptionAsync("supplier → erp");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create monitor" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(MonitorUrl());
        var amazon = Guid.Parse(MonitorUrl().Match(page.Url).Groups[1].Value);
        var created = (await host.Store.GetCheckAsync(amazon, Ct))!;
        Assert.Equal(0.02, created.ErrorThreshold);
        Assert.Equal([others.Supplier], (await host.Store.GetDependenciesAsync(host.ProjectId, Ct))[created.Id]);

        // Runs arrive over HTTP; the overview shows the new monitor up.
        await RunAsync(host, amazon, TimeSpan.FromSeconds(95));
        await page.GotoAsync("/");
        var amazonRow = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "→ amazon" }) });
        await Assertions.Expect(amazonRow.Locator(".status")).ToHaveTextAsync(StatusText("up"));

        // A couple of hours of syncs: amazon stops after a few runs, the others go on.
        for (var i = 0; i < 10; i++)
        {
            var report = $"{{\"total\":12000,\"errors\":{10 + (i * 3)},\"backlog\":{20 + (i % 4 * 5)},\"discrepancies\":{i % 3},\"reserved\":{400 + (i * 10)},\"negative_salable\":0}}";
            var runs = new List<(Guid, TimeSpan, string?)>
            {
                (others.Website, TimeSpan.FromSeconds(70 + (i * 9) + (i % 3 * 20)), report),
                (others.Ebay, TimeSpan.FromSeconds(200 + (i % 4 * 30)), null),
                (others.Supplier, TimeSpan.FromSeconds(300 + (i * 25)), null),
            };
            if (i < 4)
            {
                runs.Add((amazon, TimeSpan.FromSeconds(90 + (i * 12)), null));
            }

            await RunTogetherAsync(host, runs, TimeSpan.FromMinutes(15));
        }

        await host.PingAsync($"ping/{others.Website}/fail");
        host.Time.Advance(TimeSpan.FromMinutes(2));
        await host.PingAsync($"ping/{others.Website}/start");
        host.Time.Advance(TimeSpan.FromSeconds(140));
        await host.PingAsync($"ping/{others.Website}", """{"total":12000,"updated":340,"unchanged":11600,"errors":60,"backlog":35,"discrepancies":4,"negative_salable":0}""");
        host.Time.Advance(TimeSpan.FromSeconds(40));
        var flipped = await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);
        Assert.Equal(1, flipped);
        await host.Get<EscalationPass>().RunOnceAsync(Ct);

        // The overview shows amazon down with its incident, unacknowledged.
        await page.GotoAsync("/");
        await Assertions.Expect(amazonRow.Locator(".status")).ToHaveTextAsync(StatusText("down"));
        await Assertions.Expect(amazonRow).ToContainTextAsync("unacknowledged");
        var websiteRow = page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "→ website" }) }).First;
        await Assertions.Expect(websiteRow.Locator(".key-metrics")).ToContainTextAsync("0.5% errors");
        await Assertions.Expect(websiteRow.Locator(".key-metrics")).ToContainTextAsync("backlog 35");
        await Screenshot(page, "overview.png");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await Screenshot(page, "overview-dark.png");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });

        // The duration chart has a point per run.
        await page.GotoAsync($"/monitors/{others.Website}");
        await Assertions.Expect(page.Locator("svg.durations circle.dot")).ToHaveCountAsync(11);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Last run report" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("svg.metric[data-metric=backlog] circle.dot")).ToHaveCountAsync(11);
        await Assertions.Expect(page.Locator("svg.metric[data-metric=reserved] circle.dot")).ToHaveCountAsync(10);
        await Screenshot(page, "monitor.png");

        // Acknowledge from the incident page.
        await page.GotoAsync("/");
        await amazonRow.GetByRole(AriaRole.Link, new() { NameRegex = IncidentLink() }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1 .status")).ToHaveTextAsync(StatusText("acknowledged"));
        await Assertions.Expect(page.Locator("ol.timeline")).ToContainTextAsync("admin@example.com");
        await Screenshot(page, "incident.png");
        var incident = Assert.Single(await host.Store.ListProjectIncidentsAsync(host.ProjectId, openOnly: true, 10, Ct));
        Assert.Equal("admin@example.com", incident.AcknowledgedBy);
    }

    [Fact]
    public async Task Overview_RefreshesLessOften_WhenARefreshTookLong()
    {
        await using var browser = await Browser.LaunchAsync();
        await using var host = await StockbeatHost.StartAsync(settings: DashboardSession.AdminSettings);
        await host.CreateCheckUuidAsync(new { name = "erp → website", timeout = 900, grace = 300 });
        await using var context = await NewContextAsync(browser, host);
        var page = await SignedInAsync(context);
        await page.Clock.InstallAsync();
        // When (on the page's clock) each fetch starts.
        await page.AddInitScriptAsync("""
            window.fetchedAt = [];
            const fetchNow = window.fetch;
            window.fetch = function () { window.fetchedAt.push(Date.now()); return fetchNow.apply(this, arguments); };
            """);
        await page.GotoAsync("/");
        await host.CreateCheckUuidAsync(new { name = "erp → amazon", timeout = 900, grace = 300 });
        var answered = 0;
        await page.RouteAsync("**/fragments/overview**", async route =>
        {
            if (++answered == 1)
            {
                // The server takes 10 s to answer the first refresh.
                await page.Clock.RunForAsync(10_000);
            }

            await route.ContinueAsync();
        });

        await page.Clock.RunForAsync(20_000);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "→ amazon" })).ToBeVisibleAsync();
        await page.RunAndWaitForRequestAsync(() => page.Clock.RunForAsync(60_000), "**/fragments/overview**");
        var fetchedAt = await page.EvaluateAsync<double[]>("window.fetchedAt");

        // Every 20 s would have fetched again 20 s after the first fetch; four times its 10 s waits 40 s after its answer.
        Assert.Equal(2, fetchedAt.Length);
        Assert.InRange(fetchedAt[1] - fetchedAt[0], 49_000, 52_000);
    }

    private static Task<IBrowserContext> NewContextAsync(Browser browser, StockbeatHost host) =>
        browser.Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            ColorScheme = ColorScheme.Light,
        });

    /// <summary>A page of <paramref name="context"/> signed in as the admin, on the overview.</summary>
    private static async Task<IPage> SignedInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Email").FillAsync(DashboardSession.AdminEmail);
        await page.GetByLabel("Password").FillAsync(DashboardSession.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inventory monitors" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Other syncs of the same shop, so the overview looks like a real one.</summary>
    private static async Task<(Guid Website, Guid Ebay, Guid Supplier)> CreateNeighboursAsync(StockbeatHost host)
    {
        var website = await host.CreateCheckUuidAsync(new { name = "erp → website", tags = "shopify prod", timeout = 900, grace = 300, platform = "shopify-graphql", sku_count = 12000 });
        var ebay = await host.CreateCheckUuidAsync(new { name = "erp → ebay", tags = "ebay prod", timeout = 600, grace = 1800 });
        var supplier = await host.CreateCheckUuidAsync(new { name = "supplier → erp", tags = "inbound", timeout = 3600, grace = 1800 });
        await host.CreateCheckUuidAsync(new { name = "pos → website", tags = "stores", timeout = 300, grace = 300 });
        var reconcile = await host.CreateCheckUuidAsync(new { name = "nightly reconciliation", tags = "reconcile", schedule = "30 2 * * *", tz = "Europe/Berlin", grace = 3600 });
        await host.PauseCheckAsync(reconcile);
        return (Guid.Parse(website), Guid.Parse(ebay), Guid.Parse(supplier));
    }

    private static Task RunAsync(StockbeatHost host, Guid uuid, TimeSpan duration) => RunTogetherAsync(host, [(uuid, duration, null)], duration);

    /// <summary>Starts every run, finishes each after its duration (with its report, if any), then lets the clock reach <paramref name="slot"/>.</summary>
    private static async Task RunTogetherAsync(StockbeatHost host, IReadOnlyList<(Guid Uuid, TimeSpan Duration, string? Report)> runs, TimeSpan slot)
    {
        foreach (var (uuid, _, _) in runs)
        {
            await host.PingAsync($"ping/{uuid}/start");
        }

        var elapsed = TimeSpan.Zero;
        foreach (var (uuid, duration, report) in runs.OrderBy(r => r.Duration))
        {
            host.Time.Advance(duration - elapsed);
            elapsed = duration;
            await host.PingAsync($"ping/{uuid}", report);
        }

        if (slot > elapsed)
        {
            host.Time.Advance(slot - elapsed);
        }
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Stockbeat.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Stockbeat.slnx not found above the test binaries.");
    }

    private static Regex StatusText(string word) => new($@"\s*{word}\s*$");

    [GeneratedRegex(@"/monitors/([0-9a-f-]{36})$")]
    private static partial Regex MonitorUrl();

    [GeneratedRegex(@"^incident #\d+$")]
    private static partial Regex IncidentLink();
}
