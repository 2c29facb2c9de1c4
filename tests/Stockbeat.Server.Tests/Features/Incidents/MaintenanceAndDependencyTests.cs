using System.Net;
using System.Text.Json;
using Stockbeat.Core.Pings;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Features.Incidents.EscalationFlow;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Incidents;

public sealed class MaintenanceAndDependencyTests
{
    /// <summary>A Slack channel and two monitors paging it: <c>supplier-to-erp</c>, and <c>erp-to-web</c> that depends on it.</summary>
    private static async Task<(string Supplier, string Web)> SupplierAndDependentWebAsync(StockbeatHost host, WebhookPeer peer)
    {
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var supplier = await host.CreateCheckUuidAsync(new { name = "supplier-to-erp", channels = "*" });
        var web = await host.CreateCheckUuidAsync(new { name = "erp-to-web", channels = "*", depends_on = new[] { supplier } });
        return (supplier, web);
    }

    /// <summary>
    /// A Slack channel and a monitor tagged <c>erp</c>, pinged at the start and overdue (swept down) at 1 h 11 min, inside
    /// the "ERP upgrade" window from 30 min to 3 h, so that its incident is held back.
    /// </summary>
    private static async Task<string> DownDuringErpUpgradeAsync(StockbeatHost host, WebhookPeer peer)
    {
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-web", tags = "erp", timeout = 3600, grace = 600, channels = "*" });
        await host.PingAsync($"ping/{uuid}");
        await host.CreateMaintenanceAsync(new
        {
            name = "ERP upgrade",
            start = StockbeatHost.Epoch.AddMinutes(30).ToString("O"),
            end = StockbeatHost.Epoch.AddHours(3).ToString("O"),
            tags = "erp",
        });
        host.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(11));
        await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);
        await host.RunAlertPassesAsync();
        return uuid;
    }

    [Fact]
    public async Task Maintenance_HoldsIncidentBack_UntilWindowEndsWithMonitorStillDown()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        var uuid = await DownDuringErpUpgradeAsync(host, peer);
        var during = (await host.ListIncidentsAsync()).Length;
        await host.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Equal(0, during);
        Assert.Single(peer.To("/slack"));
        var incident = await host.SingleIncidentAsync("open");
        Assert.Equal(uuid, incident.GetProperty("check").GetString());
    }

    // The window ends with the monitor down in the database, but a ping that brings it back was acknowledged and waits
    // to be stored: the pass waits for it and opens nothing.
    [Fact]
    public async Task Maintenance_OpensNothing_WhenRecoveryPingWaitsToBeStoredAsWindowEnds()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        var uuid = Guid.Parse(await DownDuringErpUpgradeAsync(host, peer));
        var backlog = host.Get<PingBacklog>();
        PingTarget[] acknowledged = [new PingTarget.ByUuid(uuid)];
        backlog.Add(acknowledged);
        host.Time.Advance(TimeSpan.FromHours(2));

        var pass = host.Get<EscalationPass>().RunOnceAsync(Ct);
        Assert.False(pass.IsCompleted, "the pass did not wait for the ping to the held-back monitor");
        await host.PingAsync($"ping/{uuid}");
        await pass.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        backlog.Stored(acknowledged);
        await host.RunAlertPassesAsync();

        Assert.Empty(await host.ListIncidentsAsync());
        Assert.Empty(peer.To("/slack"));
    }

    [Fact]
    public async Task Maintenance_OpensNothing_WhenMonitorRecoversInsideWindow()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly-feed", timeout = 3600, channels = "*" });
        await host.CreateMaintenanceAsync(new
        {
            name = "nightly ERP backup",
            schedule = "0 10 * * *",
            tz = "UTC",
            duration = 7200,
            checks = new[] { uuid },
        });

        await host.PingAsync($"ping/{uuid}/fail");
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        await host.PingAsync($"ping/{uuid}");
        await host.AdvanceAsync(TimeSpan.FromHours(3));

        Assert.Empty(peer.To("/slack"));
        Assert.Empty(await host.ListIncidentsAsync());
    }

    [Fact]
    public async Task Dependency_AttachesDownstreamWithoutPaging_ThenEscalatesItWhenUpstreamRecoversFirst()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        var (supplier, web) = await SupplierAndDependentWebAsync(host, peer);

        await host.PingAsync($"ping/{supplier}/fail");
        await host.RunAlertPassesAsync();
        await host.PingAsync($"ping/{web}/fail");
        await host.RunAlertPassesAsync();
        var whileUpstreamDown = peer.To("/slack").Count;
        await host.PingAsync($"ping/{supplier}");
        await host.RunAlertPassesAsync();

        Assert.Equal(1, whileUpstreamDown);
        var slack = peer.To("/slack");
        Assert.Equal(3, slack.Count);
        Assert.Contains("supplier-to-erp", slack[1].Body, StringComparison.Ordinal);
        Assert.Contains("recovered", slack[1].Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("erp-to-web", slack[2].Body, StringComparison.Ordinal);
        var incidents = (await host.ListIncidentsAsync()).ToList();
        var downstream = incidents.Single(i => i.GetProperty("check").GetString() == web);
        Assert.Equal(JsonValueKind.Null, downstream.GetProperty("parent").ValueKind);
        Assert.Equal("open", downstream.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Dependency_PagesNothingForDownstream_WhenBothRecover()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        var (supplier, web) = await SupplierAndDependentWebAsync(host, peer);
        await host.PingAsync($"ping/{supplier}/fail");
        await host.PingAsync($"ping/{web}/fail");
        await host.RunAlertPassesAsync();

        await host.PingAsync($"ping/{web}");
        await host.PingAsync($"ping/{supplier}");
        await host.RunAlertPassesAsync();

        Assert.Equal(["supplier-to-erp", "supplier-to-erp"], peer.To("/slack").Select(r => r.Body.Contains("erp-to-web", StringComparison.Ordinal) ? "erp-to-web" : "supplier-to-erp"));
        var check = await host.GetCheckAsync(web);
        Assert.Equal(supplier, Assert.Single(check.GetProperty("depends_on").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Maintenance_Returns400_WhenWindowNamesNothing()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Api, "api/v3/maintenance/", new { name = "x", start = "2026-01-15T10:00:00Z", end = "2026-01-15T11:00:00Z" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("checks or tags", answer.Text, StringComparison.Ordinal);
    }
}
