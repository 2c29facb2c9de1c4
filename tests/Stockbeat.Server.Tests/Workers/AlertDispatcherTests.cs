using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Workers;

public sealed class AlertDispatcherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunOnceAsync_PostsDownEventToWebhook_WhenMonitorFails()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StockbeatHost.StartAsync();
        await CreateChannelAsync(host, peer.Url + "/hooks/stock");
        var uuid = await host.CreateCheckAsync(new { name = "ERP to eBay", tags = "ebay erp", timeout = 1800, channels = "*" });
        await host.PingAsync($"ping/{uuid}");
        await host.PingAsync($"ping/{uuid}/fail");

        var sent = await host.Get<AlertDispatcher>().RunOnceAsync(Ct);
        var again = await host.Get<AlertDispatcher>().RunOnceAsync(Ct);

        Assert.Equal(1, sent);
        Assert.Equal(0, again);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/stock", request.Path);
        Assert.Equal("secret-token", request.Headers["X-Token"]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("down", body.GetProperty("event").GetString());
        Assert.Equal("failed", body.GetProperty("reason").GetString());
        Assert.Equal(uuid.ToString(), body.GetProperty("check_uuid").GetString());
        Assert.Equal("ERP to eBay", body.GetProperty("check_name").GetString());
        Assert.Equal(["ebay", "erp"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task RunOnceAsync_PostsUpEvent_WhenMonitorRecovers()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StockbeatHost.StartAsync();
        await CreateChannelAsync(host, peer.Url);
        var uuid = await host.CreateCheckAsync(new { name = "pos-to-web", channels = "*" });
        await host.PingAsync($"ping/{uuid}/1");
        await host.PingAsync($"ping/{uuid}/0");

        await host.Get<AlertDispatcher>().RunOnceAsync(Ct);

        Assert.Equal(["down", "up"], peer.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task RunOnceAsync_SendsNothing_WhenMonitorGoesFromNewToUp()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StockbeatHost.StartAsync();
        await CreateChannelAsync(host, peer.Url);
        var uuid = await host.CreateCheckAsync(new { name = "first-run", channels = "*" });
        await host.PingAsync($"ping/{uuid}");

        var sent = await host.Get<AlertDispatcher>().RunOnceAsync(Ct);

        Assert.Equal(0, sent);
        Assert.Empty(peer.Requests);
    }

    [Fact]
    public async Task RunOnceAsync_RecordsChannelError_WhenReceiverAnswers500()
    {
        await using var peer = await WebhookPeer.StartAsync();
        peer.StatusCode = 500;
        await using var host = await StockbeatHost.StartAsync();
        await CreateChannelAsync(host, peer.Url);
        var uuid = await host.CreateCheckAsync(new { name = "erp-to-amazon", channels = "*" });
        await host.PingAsync($"ping/{uuid}/fail");

        await host.Get<AlertDispatcher>().RunOnceAsync(Ct);

        var channels = await host.Api.GetFromJsonAsync<JsonElement>("api/v3/channels/", Ct);
        var channel = Assert.Single(channels.GetProperty("channels").EnumerateArray());
        Assert.Equal("HTTP 500 Internal Server Error", channel.GetProperty("last_error").GetString());
    }

    private static async Task CreateChannelAsync(StockbeatHost host, string url)
    {
        var response = await host.Api.PostAsJsonAsync("api/v3/channels/", new
        {
            kind = "webhook",
            name = "ops",
            url,
            headers = new Dictionary<string, string> { ["X-Token"] = "secret-token" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
