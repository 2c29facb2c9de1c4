using System.Net;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

/// <summary>Event-flow monitors over HTTP: events counted per window, silence is an incident, enough events recover.</summary>
public sealed class EventFlowTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task QuietWindow_OpensIncidentNamingTheCount_AndEnoughEventsRecover(Backend backend)
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StockbeatHost.StartAsync(backend);
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var uuid = await host.CreateCheckUuidAsync(new
        {
            name = "Shopify order webhooks",
            kind = "event_flow",
            min_events = 3,
            window = 900,
            channels = "*",
        });
        await host.PingAsync($"ping/{uuid}");
        await host.PingAsync($"ping/{uuid}");
        var counting = await host.GetCheckAsync(uuid);

        host.Time.Advance(TimeSpan.FromMinutes(16));
        await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);
        await host.Get<EscalationPass>().RunOnceAsync(Ct);
        await host.Get<DeliveryPass>().RunOnceAsync(Ct);
        var down = await host.GetCheckAsync(uuid);
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await host.PingAsync($"ping/{uuid}");
        }

        Assert.Equal("up", counting.GetProperty("status").GetString());
        Assert.Equal(2, counting.GetProperty("window_events").GetInt64());
        Assert.Equal(900, counting.GetProperty("window").GetInt64());
        Assert.Equal(3, counting.GetProperty("min_events").GetInt32());
        Assert.Equal("down", down.GetProperty("status").GetString());
        var slack = Assert.Single(peer.Requests, r => r.Path == "/slack");
        Assert.Contains("only 2 events in 15 min (expected at least 3)", slack.Body, StringComparison.Ordinal);
        Assert.Equal("up", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
        Assert.Equal("resolved", (await host.SingleIncidentAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task FullWindow_KeepsMonitorUp_AndMovesWindowOn()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "POS sales feed", kind = "event_flow", min_events = 2, window = 600 });
        await host.PingAsync($"ping/{uuid}");
        await host.PingAsync($"ping/{uuid}");

        host.Time.Advance(TimeSpan.FromMinutes(11));
        var flipped = await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);
        var after = await host.GetCheckAsync(uuid);

        Assert.Equal(0, flipped);
        Assert.Equal("up", after.GetProperty("status").GetString());
        Assert.Equal(0, after.GetProperty("window_events").GetInt64());
    }

    [Fact]
    public async Task ActiveHours_AreStoredWithTimeZone_AndSilenceOutsideThemIsFine()
    {
        await using var host = await StockbeatHost.StartAsync();
        // The fake clock starts at 10:00 UTC (11:00 in Berlin); the shop is active 12:00-20:00 Berlin time.
        var uuid = await host.CreateCheckUuidAsync(new
        {
            name = "Order webhooks",
            kind = "event_flow",
            min_events = 1,
            window = 900,
            active_hours = "12:00-20:00",
            tz = "Europe/Berlin",
        });
        await host.PingAsync($"ping/{uuid}");

        host.Time.Advance(TimeSpan.FromMinutes(50));
        await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);
        var beforeOpening = await host.GetCheckAsync(uuid);
        // 11:20 UTC: the window 12:00-12:15 Berlin time has ended without an event.
        host.Time.Advance(TimeSpan.FromMinutes(30));
        await host.Get<DeadlineSweeper>().RunOnceAsync(Ct);
        var afterOpening = await host.GetCheckAsync(uuid);

        Assert.Equal("12:00-20:00", beforeOpening.GetProperty("active_hours").GetString());
        Assert.Equal("Europe/Berlin", beforeOpening.GetProperty("tz").GetString());
        Assert.Equal("up", beforeOpening.GetProperty("status").GetString());
        Assert.Equal("down", afterOpening.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"name":"x","kind":"event_flow","min_events":0}""", "json validation error: min_events must be a whole number from 1 to 1000000")]
    [InlineData("""{"name":"x","kind":"event_flow","active_hours":"8-20"}""", "json validation error: active_hours must be HH:MM-HH:MM, e.g. 08:00-22:00")]
    [InlineData("""{"name":"x","kind":"event_flow","window":30}""", "json validation error: window is too small")]
    public async Task Create_RefusesBadFlowFields(string body, string error)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(error, answer.Error);
    }
}
