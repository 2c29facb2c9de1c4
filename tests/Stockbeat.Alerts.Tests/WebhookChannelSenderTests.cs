using System.Text.Json;
using System.Text.Json.Nodes;
using Stockbeat.Testing;

namespace Stockbeat.Alerts.Tests;

public sealed class WebhookChannelSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_PostsNotificationAsSnakeCaseJson_WhenBodyIsAbsent()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Webhook);
        var config = sender.Normalize($$$"""{"url": "{{{peer.Url}}}/hooks/stock", "headers": {"X-Token": "secret-token"}}""");

        var result = await sender.SendAsync(config, Samples.Alert(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/stock", request.Path);
        Assert.Equal("secret-token", request.Headers["X-Token"]);
        Assert.Equal("application/json; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("Stockbeat", request.Headers["User-Agent"]);
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal(
            ["kind", "incident_id", "check_uuid", "check_name", "slug", "tags", "status", "reason", "summary", "message",
                "at", "last_ping", "step", "monitor_url", "ack_url"],
            body.Select(p => p.Key));
        Assert.Equal("alert", (string?)body["kind"]);
        Assert.Equal("inc-42", (string?)body["incident_id"]);
        Assert.Equal(Samples.CheckUuid.ToString(), (string?)body["check_uuid"]);
        Assert.Equal("ERP to Amazon", (string?)body["check_name"]);
        Assert.Equal(["erp", "amazon"], body["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("2025-03-04T14:15:00Z", (string?)body["at"]);
        Assert.Equal("2025-03-04T13:00:00Z", (string?)body["last_ping"]);
        Assert.Equal(2, (int?)body["step"]);
        Assert.Equal(Samples.AckUrl, (string?)body["ack_url"]);
    }

    [Fact]
    public async Task SendAsync_ExpandsVariablesInUrlAndBody_WhenBodyTemplateIsGiven()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Webhook);
        var config = sender.Normalize($$"""
            {
              "url": "{{peer.Url}}/notice/$SLUG?name=$NAME&at=$NOW",
              "method": "put",
              "body": "$NAME is $STATUS ($REASON) at $NOW; tags=$TAGS; code=$CODE; $MESSAGE | $SUMMARY"
            }
            """);

        var result = await sender.SendAsync(config, Samples.Alert(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/notice/erp-to-amazon?name=ERP%20to%20Amazon&at=2025-03-04T14%3A30%3A00Z", request.Path);
        Assert.Equal("text/plain; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal(
            $"ERP to Amazon is down (missed) at 2025-03-04T14:30:00Z; tags=erp amazon; code={Samples.CheckUuid}; "
            + $"{Samples.Message} | {Samples.Summary}",
            request.Body);
    }

    [Fact]
    public async Task SendAsync_AppliesContentTypeAndEscapesJson_WhenHeadersSetJsonContentType()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Webhook);
        var config = sender.Normalize($$"""
            {
              "url": "{{peer.Url}}/storefront/notice",
              "headers": {"Content-Type": "application/vnd.shop+json", "Authorization": "Bearer abc"},
              "body": "{\"text\": \"$NAME: $SUMMARY\", \"notification\": $JSON}"
            }
            """);
        var notification = Samples.Alert() with { CheckName = "ERP \"main\"\nto Amazon" };

        var result = await sender.SendAsync(config, notification, Ct);

        Assert.Equal(SendResult.Ok, result);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("application/vnd.shop+json", request.Headers["Content-Type"]);
        Assert.Equal("Bearer abc", request.Headers["Authorization"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal($"ERP \"main\"\nto Amazon: {Samples.Summary}", (string?)body["text"]);
        Assert.Equal("ERP \"main\"\nto Amazon", (string?)body["notification"]!["check_name"]);
    }

    [Fact]
    public async Task SendAsync_ExpandsEachVariableOnce_WhenValueLooksLikeVariable()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Webhook);
        var config = sender.Normalize($$"""{"url": "{{peer.Url}}", "body": "$NAME/$STATUS"}""");

        await sender.SendAsync(config, Samples.Alert() with { CheckName = "$STATUS" }, Ct);

        Assert.Equal("$STATUS/down", Assert.Single(peer.Requests).Body);
    }

    [Fact]
    public async Task SendAsync_SendsNoBody_WhenMethodIsGet()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Webhook);
        var config = sender.Normalize($$"""{"url": "{{peer.Url}}/ping/$CODE/$STATUS", "method": "GET"}""");

        var result = await sender.SendAsync(config, Samples.Recovery(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/ping/{Samples.CheckUuid}/up", request.Path);
        Assert.Equal("", request.Body);
        Assert.False(request.Headers.ContainsKey("Content-Type"));
    }

    [Fact]
    public void ToJson_WritesEnumsSnakeCaseAndNulls_WhenFieldsAreMissing()
    {
        var json = JsonDocument.Parse(WebhookChannelSender.ToJson(Samples.Test() with { LastPing = null })).RootElement;

        Assert.Equal("test", json.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("last_ping").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("message").ValueKind);
    }
}
