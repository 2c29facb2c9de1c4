using System.Text.Json.Nodes;
using Stockbeat.Testing;

namespace Stockbeat.Alerts.Tests;

public sealed class TeamsChannelSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_PostsAdaptiveCard_WhenAlert()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Teams);
        var config = sender.Normalize($$"""{"url": "{{peer.Url}}/workflows/abc/triggers/manual/run?sig=1"}""");

        var result = await sender.SendAsync(config, Samples.Alert(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/workflows/abc/triggers/manual/run?sig=1", request.Path);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        var message = JsonNode.Parse(request.Body)!;
        Assert.Equal("message", (string?)message["type"]);
        var attachment = Assert.Single(message["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        var card = attachment["content"]!;
        Assert.Equal("AdaptiveCard", (string?)card["type"]);
        Assert.Equal("1.4", (string?)card["version"]);
        var body = card["body"]!.AsArray();
        Assert.Equal(["TextBlock", "TextBlock", "TextBlock", "FactSet", "TextBlock"], body.Select(b => (string?)b!["type"]));
        Assert.Equal("\U0001F534 ERP to Amazon is DOWN", (string?)body[0]!["text"]);
        Assert.Equal("Attention", (string?)body[0]!["color"]);
        Assert.Equal(Samples.Summary, (string?)body[1]!["text"]);
        Assert.Equal(Samples.Message, (string?)body[2]!["text"]);
        Assert.Equal(
            ["Status=down", "Reason=missed", "Last ping=2025-03-04 13:00 UTC", "Step=2", "Tags=erp amazon"],
            body[3]!["facts"]!.AsArray().Select(f => $"{f!["title"]}={f["value"]}"));
        var actions = card["actions"]!.AsArray();
        Assert.All(actions, a => Assert.Equal("Action.OpenUrl", (string?)a!["type"]));
        Assert.Equal(["Open monitor", "Acknowledge"], actions.Select(a => (string?)a!["title"]));
        Assert.Equal([Samples.MonitorUrl, Samples.AckUrl], actions.Select(a => (string?)a!["url"]));
    }

    [Fact]
    public async Task SendAsync_PostsGoodColouredCardWithoutAck_WhenRecovery()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Teams);

        await sender.SendAsync(sender.Normalize($$"""{"url": "{{peer.Url}}"}"""), Samples.Recovery(), Ct);

        var card = JsonNode.Parse(Assert.Single(peer.Requests).Body)!["attachments"]![0]!["content"]!;
        Assert.Equal("\U0001F7E2 ERP to Amazon is UP", (string?)card["body"]![0]!["text"]);
        Assert.Equal("Good", (string?)card["body"]![0]!["color"]);
        Assert.Equal(["Open monitor"], card["actions"]!.AsArray().Select(a => (string?)a!["title"]));
    }
}
