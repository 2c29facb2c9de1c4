using System.Text.Json.Nodes;
using Stockbeat.Testing;

namespace Stockbeat.Alerts.Tests;

public sealed class PagerDutyChannelSenderTests
{
    private const string RoutingKey = "R0123456789abcdef0123456789ABCDE";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_PostsTriggerEvent_WhenAlert()
    {
        await using var peer = await WebhookPeer.StartAsync();
        peer.StatusCode = 202;
        await using var services = TestServices.Build(("PagerDuty:EventsUrl", peer.Url + "/v2/enqueue"));
        var sender = services.Sender(ChannelKinds.PagerDuty);

        var result = await sender.SendAsync(sender.Normalize($$"""{"routing_key": "{{RoutingKey}}"}"""), Samples.Alert(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v2/enqueue", request.Path);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(RoutingKey, (string?)body["routing_key"]);
        Assert.Equal("trigger", (string?)body["event_action"]);
        Assert.Equal("stockbeat-inc-42", (string?)body["dedup_key"]);
        var payload = body["payload"]!;
        Assert.Equal(Samples.Summary, (string?)payload["summary"]);
        Assert.Equal("stockbeat", (string?)payload["source"]);
        Assert.Equal("critical", (string?)payload["severity"]);
        Assert.Equal("2025-03-04T14:15:00Z", (string?)payload["timestamp"]);
        Assert.Equal("ERP to Amazon", (string?)payload["component"]);
        Assert.Equal("erp-to-amazon", (string?)payload["group"]);
        var details = payload["custom_details"]!;
        Assert.Equal("down", (string?)details["status"]);
        Assert.Equal("missed", (string?)details["reason"]);
        Assert.Equal(Samples.Message, (string?)details["message"]);
        Assert.Equal("2025-03-04T13:00:00Z", (string?)details["last_ping"]);
        Assert.Equal(2, (int?)details["step"]);
        Assert.Equal("erp amazon", (string?)details["tags"]);
        Assert.Equal(Samples.CheckUuid.ToString(), (string?)details["check_uuid"]);
        Assert.Equal(
            [$"{Samples.MonitorUrl} Open in Stockbeat", $"{Samples.AckUrl} Acknowledge in Stockbeat"],
            body["links"]!.AsArray().Select(l => $"{l!["href"]} {l["text"]}"));
    }

    [Theory]
    [InlineData(NotificationKind.Acknowledged, "acknowledge")]
    [InlineData(NotificationKind.Recovery, "resolve")]
    public async Task SendAsync_PostsFollowUpEventWithSameDedupKey_WhenIncidentMovesOn(NotificationKind kind, string action)
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build(("PagerDuty:EventsUrl", peer.Url + "/v2/enqueue"));
        var sender = services.Sender(ChannelKinds.PagerDuty);

        var result = await sender.SendAsync(sender.Normalize($$"""{"routing_key": "{{RoutingKey}}"}"""), Samples.Of(kind), Ct);

        Assert.Equal(SendResult.Ok, result);
        var body = JsonNode.Parse(Assert.Single(peer.Requests).Body)!.AsObject();
        Assert.Equal(["routing_key", "event_action", "dedup_key"], body.Select(p => p.Key));
        Assert.Equal(action, (string?)body["event_action"]);
        Assert.Equal("stockbeat-inc-42", (string?)body["dedup_key"]);
    }

    [Fact]
    public async Task SendAsync_PostsOneInfoTrigger_WhenTest()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build(("PagerDuty:EventsUrl", peer.Url + "/v2/enqueue"));
        var sender = services.Sender(ChannelKinds.PagerDuty);

        await sender.SendAsync(sender.Normalize($$"""{"routing_key": "{{RoutingKey}}"}"""), Samples.Test(), Ct);

        var body = JsonNode.Parse(Assert.Single(peer.Requests).Body)!;
        Assert.Equal("trigger", (string?)body["event_action"]);
        Assert.Equal("stockbeat-test-1", (string?)body["dedup_key"]);
        Assert.Equal("info", (string?)body["payload"]!["severity"]);
    }
}
