using System.Text.Json.Nodes;
using Stockbeat.Testing;

namespace Stockbeat.Alerts.Tests;

public sealed class SlackChannelSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_PostsBlockKitMessage_WhenAlert()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Slack);
        var config = sender.Normalize($$"""{"url": "{{peer.Url}}/services/T000/B000/XXXX"}""");

        var result = await sender.SendAsync(config, Samples.Alert(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/services/T000/B000/XXXX", request.Path);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("\U0001F534 " + Samples.Summary, (string?)body["text"]);
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal(["header", "section", "section", "actions", "context"], blocks.Select(b => (string?)b!["type"]));
        Assert.Equal("plain_text", (string?)blocks[0]!["text"]!["type"]);
        Assert.Equal("\U0001F534 ERP to Amazon is DOWN", (string?)blocks[0]!["text"]!["text"]);
        Assert.Equal($"{Samples.Summary}\n*{Samples.Message}*", (string?)blocks[1]!["text"]!["text"]);
        Assert.Equal(
            ["*Status*\ndown", "*Reason*\nmissed", "*Last ping*\n2025-03-04 13:00 UTC", "*Step*\n2", "*Tags*\nerp amazon"],
            blocks[2]!["fields"]!.AsArray().Select(f => (string?)f!["text"]));
        var buttons = blocks[3]!["elements"]!.AsArray();
        Assert.Equal([Samples.MonitorUrl, Samples.AckUrl], buttons.Select(b => (string?)b!["url"]));
        Assert.Equal(["Open monitor", "Acknowledge"], buttons.Select(b => (string?)b!["text"]!["text"]));
        Assert.Equal("primary", (string?)buttons[1]!["style"]);
        Assert.Equal(
            "Stockbeat · erp-to-amazon · incident inc-42 · 2025-03-04 14:15 UTC",
            (string?)blocks[4]!["elements"]![0]!["text"]);
    }

    [Fact]
    public async Task SendAsync_PostsGreenMessageWithoutAckButton_WhenRecovery()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Slack);

        var result = await sender.SendAsync(sender.Normalize($$"""{"url": "{{peer.Url}}"}"""), Samples.Recovery(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var body = JsonNode.Parse(Assert.Single(peer.Requests).Body)!;
        var blocks = body["blocks"]!.AsArray();
        Assert.Equal("\U0001F7E2 ERP to Amazon is UP", (string?)blocks[0]!["text"]!["text"]);
        Assert.Equal("ERP to Amazon is up again after 75 minutes", (string?)blocks[1]!["text"]!["text"]);
        var buttons = blocks.Single(b => (string?)b!["type"] == "actions")!["elements"]!.AsArray();
        Assert.Equal([Samples.MonitorUrl], buttons.Select(b => (string?)b!["url"]));
    }

    [Fact]
    public async Task SendAsync_SaysNothingIsWrong_WhenTest()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Slack);

        await sender.SendAsync(sender.Normalize($$"""{"url": "{{peer.Url}}"}"""), Samples.Test(), Ct);

        var blocks = JsonNode.Parse(Assert.Single(peer.Requests).Body)!["blocks"]!.AsArray();
        Assert.Equal("\U0001F9EA Test notification for ERP to Amazon", (string?)blocks[0]!["text"]!["text"]);
        Assert.Equal(
            "Stockbeat test notification · 2025-03-04 14:15 UTC · nothing is wrong",
            (string?)blocks[^1]!["elements"]![0]!["text"]);
    }

    [Fact]
    public async Task SendAsync_EscapesMrkdwnAndLeavesOutTags_WhenSummaryHasAngleBracketsAndNoTags()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Slack);
        var notification = Samples.Alert() with { Summary = "<!channel> & friends", Message = null, Tags = [] };

        await sender.SendAsync(sender.Normalize($$"""{"url": "{{peer.Url}}"}"""), notification, Ct);

        var body = JsonNode.Parse(Assert.Single(peer.Requests).Body)!;
        Assert.Equal("\U0001F534 &lt;!channel&gt; &amp; friends", (string?)body["text"]);
        Assert.Equal("&lt;!channel&gt; &amp; friends", (string?)body["blocks"]![1]!["text"]!["text"]);
        Assert.Equal(
            ["*Status*", "*Reason*", "*Last ping*", "*Step*"],
            body["blocks"]![2]!["fields"]!.AsArray().Select(f => ((string?)f!["text"])!.Split('\n')[0]));
    }
}
