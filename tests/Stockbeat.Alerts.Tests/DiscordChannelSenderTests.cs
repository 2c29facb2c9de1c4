using System.Text.Json.Nodes;
using Stockbeat.Testing;

namespace Stockbeat.Alerts.Tests;

public sealed class DiscordChannelSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_PostsRedEmbed_WhenAlert()
    {
        await using var peer = await WebhookPeer.StartAsync();
        peer.StatusCode = 204;
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Discord);
        var config = sender.Normalize($$"""{"url": "{{peer.Url}}/api/webhooks/123/token"}""");

        var result = await sender.SendAsync(config, Samples.Alert(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/webhooks/123/token", request.Path);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("\U0001F534 " + Samples.Summary, (string?)body["content"]);
        Assert.Empty(body["allowed_mentions"]!["parse"]!.AsArray());
        var embed = Assert.Single(body["embeds"]!.AsArray())!;
        Assert.Equal("ERP to Amazon is DOWN", (string?)embed["title"]);
        Assert.Equal($"{Samples.Summary}\n**{Samples.Message}**", (string?)embed["description"]);
        Assert.Equal(0xE74C3C, (int?)embed["color"]);
        Assert.Equal("2025-03-04T14:15:00Z", (string?)embed["timestamp"]);
        Assert.Equal(Samples.MonitorUrl, (string?)embed["url"]);
        Assert.Equal(
            ["Status=down", "Reason=missed", "Last ping=2025-03-04 13:00 UTC", "Step=2", "Tags=erp amazon",
                $"Acknowledge=[Stop escalation]({Samples.AckUrl})"],
            embed["fields"]!.AsArray().Select(f => $"{f!["name"]}={f["value"]}"));
    }

    [Theory]
    [InlineData(NotificationKind.Recovery, 0x2ECC71, "ERP to Amazon is UP")]
    [InlineData(NotificationKind.Acknowledged, 0xF1C40F, "ERP to Amazon: incident acknowledged")]
    [InlineData(NotificationKind.Test, 0x3498DB, "Test notification for ERP to Amazon")]
    public async Task SendAsync_ColoursEmbedByKind_WhenNotAnAlert(NotificationKind kind, int color, string title)
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Discord);

        await sender.SendAsync(sender.Normalize($$"""{"url": "{{peer.Url}}"}"""), Samples.Of(kind), Ct);

        var embed = JsonNode.Parse(Assert.Single(peer.Requests).Body)!["embeds"]![0]!;
        Assert.Equal(color, (int?)embed["color"]);
        Assert.Equal(title, (string?)embed["title"]);
        Assert.DoesNotContain(embed["fields"]!.AsArray(), f => (string?)f!["name"] == "Acknowledge");
    }
}
