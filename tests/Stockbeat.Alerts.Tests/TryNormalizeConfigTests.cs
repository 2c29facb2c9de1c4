using System.Text.Json;

namespace Stockbeat.Alerts.Tests;

/// <summary>What every sender accepts as a channel's config, what it stores, and how it words a rejection.</summary>
public sealed class TryNormalizeConfigTests
{
    [Theory]
    // Any kind: the config is an object without unknown fields.
    [InlineData("slack", """[]""", "config must be an object")]
    [InlineData("slack", """{"url": "https://hooks.slack.com/services/T/B/X", "channel": "#ops"}""", "config.channel is not a known field (expected: url)")]
    [InlineData("pagerduty", """{"rooting_key": "0123456789abcdef0123456789abcdef"}""", "config.rooting_key is not a known field (expected: routing_key)")]
    // Slack, Teams, Discord: one URL.
    [InlineData("slack", """{}""", "config.url is required")]
    [InlineData("slack", """{"url": "  "}""", "config.url is required")]
    [InlineData("slack", """{"url": 5}""", "config.url must be a string")]
    [InlineData("slack", """{"url": "hooks.slack.com/services/T/B/X"}""", "config.url must be an absolute http or https URL")]
    [InlineData("teams", """{"url": "ftp://example.com/hook"}""", "config.url must be an absolute http or https URL")]
    [InlineData("discord", """{"url": "/api/webhooks/1/x"}""", "config.url must be an absolute http or https URL")]
    // Email.
    [InlineData("email", """{}""", "config.to is required")]
    [InlineData("email", """{"to": 5}""", "config.to must be a string of comma-separated addresses or an array of strings")]
    [InlineData("email", """{"to": ["ops@shop.example", 5]}""", "config.to must be a string of comma-separated addresses or an array of strings")]
    [InlineData("email", """{"to": "ops@shop.example, nobody"}""", "config.to contains 'nobody', which is not an email address")]
    [InlineData("email", """{"to": ["ops@"]}""", "config.to contains 'ops@', which is not an email address")]
    [InlineData("email", """{"to": " , ;"}""", "config.to must list at least one email address")]
    [InlineData("email", """{"to": "ops@shop.example", "subject_prefix": "[A]\r\nBcc: x@y"}""", "config.subject_prefix must not contain line breaks or other control characters")]
    [InlineData("email", """{"to": "ops@shop.example", "subject_prefix": 1}""", "config.subject_prefix must be a string")]
    // SMS.
    [InlineData("sms", """{"auth_token": "t", "from": "+15005550006", "to": "+15005550009"}""", "config.account_sid is required")]
    [InlineData("sms", """{"account_sid": "AC1/../x", "auth_token": "t", "from": "+15005550006", "to": "+15005550009"}""", "config.account_sid must be letters, digits, '-' or '_' only")]
    [InlineData("sms", """{"account_sid": "AC1", "from": "+15005550006", "to": "+15005550009"}""", "config.auth_token is required")]
    [InlineData("sms", """{"account_sid": "AC1", "auth_token": "t", "from": "0151 1234", "to": "+15005550009"}""", "config.from must be a phone number in E.164 form, e.g. +15551234567, or an alphanumeric sender ID of up to 11 characters")]
    [InlineData("sms", """{"account_sid": "AC1", "auth_token": "t", "from": "Stockbeat", "to": "015112345678"}""", "config.to must be a phone number in E.164 form, e.g. +15551234567")]
    [InlineData("sms", """{"account_sid": "AC1", "auth_token": "t", "from": "Stockbeat"}""", "config.to is required")]
    // Webhook.
    [InlineData("webhook", """{"method": "POST"}""", "config.url is required")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "method": "DELETE"}""", "config.method must be POST, PUT or GET")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "headers": ["X-Token: 1"]}""", "config.headers must be an object of strings")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "headers": {"X-Token": 1}}""", "config.headers.X-Token must be a string")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "headers": {"Bad Name": "1"}}""", "config.headers: 'Bad Name' is not a valid header name")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "headers": {"X-Token": "a\r\nHost: evil"}}""", "config.headers.X-Token must be at most 4096 characters without line breaks")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "headers": {"Content-Length": "5"}}""", "config.headers.Content-Length is set by Stockbeat and cannot be configured")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "headers": {"x-token": "1", "X-Token": "2"}}""", "config.headers.X-Token is given twice")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "body": {"text": "$NAME"}}""", "config.body must be a string")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "method": "GET", "body": "$NAME"}""", "config.body must be left out when config.method is GET")]
    // PagerDuty.
    [InlineData("pagerduty", """{}""", "config.routing_key is required")]
    [InlineData("pagerduty", """{"routing_key": "0123456789abcdef"}""", "config.routing_key must be 32 letters or digits (the integration key of an Events API v2 integration)")]
    [InlineData("pagerduty", """{"routing_key": "0123456789abcdef0123456789abcde-"}""", "config.routing_key must be 32 letters or digits (the integration key of an Events API v2 integration)")]
    public void TryNormalizeConfig_ReturnsErrorNamingField_WhenConfigIsInvalid(string kind, string config, string expected)
    {
        using var services = TestServices.Build();

        var ok = Normalize(services, kind, config, out _, out var error);

        Assert.False(ok);
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("slack", """{"url": " https://hooks.slack.com/services/T/B/X "}""", """{"url":"https://hooks.slack.com/services/T/B/X"}""")]
    [InlineData("teams", """{"url": "https://shop.webhook.office.com/x"}""", """{"url":"https://shop.webhook.office.com/x"}""")]
    [InlineData("discord", """{"url": "https://discord.com/api/webhooks/1/x"}""", """{"url":"https://discord.com/api/webhooks/1/x"}""")]
    // "to" becomes a list without duplicates; the default prefix is not written down.
    [InlineData("email", """{"to": "ops@shop.example; Buyer <buyer@shop.example>, OPS@shop.example"}""", """{"to":["ops@shop.example","Buyer <buyer@shop.example>"]}""")]
    [InlineData("email", """{"to": ["ops@shop.example"], "subject_prefix": ""}""", """{"to":["ops@shop.example"],"subject_prefix":""}""")]
    [InlineData("sms", """{"account_sid": " AC1 ", "auth_token": "t", "from": "Stockbeat", "to": "+15005550009"}""", """{"account_sid":"AC1","auth_token":"t","from":"Stockbeat","to":"+15005550009"}""")]
    // Method defaults to POST and is upper-cased; headers keep their spelling.
    [InlineData("webhook", """{"url": "https://shop.example/hook/$SLUG"}""", """{"url":"https://shop.example/hook/$SLUG","method":"POST","headers":{}}""")]
    [InlineData("webhook", """{"url": "https://shop.example/hook", "method": "put", "headers": {"X-Token": "1"}, "body": "$JSON"}""", """{"url":"https://shop.example/hook","method":"PUT","headers":{"X-Token":"1"},"body":"$JSON"}""")]
    [InlineData("pagerduty", """{"routing_key": "0123456789abcdef0123456789ABCDEF"}""", """{"routing_key":"0123456789abcdef0123456789ABCDEF"}""")]
    public void TryNormalizeConfig_ReturnsStoredJson_WhenConfigIsValid(string kind, string config, string expected)
    {
        using var services = TestServices.Build();

        var ok = Normalize(services, kind, config, out var json, out var error);

        Assert.True(ok, error);
        Assert.Equal(expected, json);
        Assert.True(Normalize(services, kind, json, out var again, out _), "stored JSON must be accepted again");
        Assert.Equal(json, again);
    }

    private static bool Normalize(IServiceProvider services, string kind, string config, out string json, out string error)
    {
        using var document = JsonDocument.Parse(config);
        return services.Sender(kind).TryNormalizeConfig(document.RootElement, out json, out error);
    }
}
