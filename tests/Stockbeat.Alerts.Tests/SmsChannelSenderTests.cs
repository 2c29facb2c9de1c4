using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Stockbeat.Testing;

namespace Stockbeat.Alerts.Tests;

public sealed class SmsChannelSenderTests
{
    private const string Config = """
        {"account_sid": "AC0123456789abcdef0123456789abcdef", "auth_token": "s3cret", "from": "+15005550006", "to": "+4915112345678"}
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_PostsFormToMessagesResource_WhenAlert()
    {
        await using var peer = await WebhookPeer.StartAsync();
        peer.StatusCode = 201;
        await using var services = TestServices.Build(("Twilio:BaseUrl", peer.Url + "/"));
        var sender = services.Sender(ChannelKinds.Sms);

        var result = await sender.SendAsync(sender.Normalize(Config), Samples.Alert(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var request = Assert.Single(peer.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json", request.Path);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes("AC0123456789abcdef0123456789abcdef:s3cret"));
        Assert.Equal("Basic " + credentials, request.Headers["Authorization"]);
        Assert.Equal("application/x-www-form-urlencoded", request.Headers["Content-Type"]);
        var form = QueryHelpers.ParseQuery(request.Body);
        Assert.Equal(["Body", "From", "To"], form.Keys.Order());
        Assert.Equal("+4915112345678", form["To"]);
        Assert.Equal("+15005550006", form["From"]);
        Assert.Equal($"Stockbeat DOWN: {Samples.Summary} {Samples.Message} Ack: {Samples.AckUrl}", form["Body"]);
    }

    [Fact]
    public async Task SendAsync_SaysUpWithoutAckLink_WhenRecovery()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build(("Twilio:BaseUrl", peer.Url));
        var sender = services.Sender(ChannelKinds.Sms);

        await sender.SendAsync(sender.Normalize(Config), Samples.Recovery(), Ct);

        var form = QueryHelpers.ParseQuery(Assert.Single(peer.Requests).Body);
        Assert.Equal("Stockbeat UP: ERP to Amazon is up again after 75 minutes", form["Body"]);
    }

    [Fact]
    public async Task SendAsync_CutsWordsButKeepsAckLink_WhenSummaryIsLong()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build(("Twilio:BaseUrl", peer.Url));
        var sender = services.Sender(ChannelKinds.Sms);
        var notification = Samples.Alert() with { Summary = string.Concat(Enumerable.Repeat("no ping from the ERP. ", 40)) };

        await sender.SendAsync(sender.Normalize(Config), notification, Ct);

        string body = QueryHelpers.ParseQuery(Assert.Single(peer.Requests).Body)["Body"]!;
        Assert.Equal(SmsChannelSender.MaxBodyLength, body.Length);
        Assert.True(body.Length < 320);
        Assert.StartsWith("Stockbeat DOWN: no ping from the ERP.", body);
        Assert.EndsWith("… Ack: " + Samples.AckUrl, body);
    }

    [Fact]
    public async Task SendAsync_DropsAckLink_WhenLinkAloneWouldTakeHalfTheMessage()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var services = TestServices.Build(("Twilio:BaseUrl", peer.Url));
        var sender = services.Sender(ChannelKinds.Sms);
        var notification = Samples.Alert() with { AckUrl = "https://stockbeat.example/ack/" + new string('a', 200) };

        await sender.SendAsync(sender.Normalize(Config), notification, Ct);

        var body = QueryHelpers.ParseQuery(Assert.Single(peer.Requests).Body)["Body"].ToString();
        Assert.Equal($"Stockbeat DOWN: {Samples.Summary} {Samples.Message}", body);
    }

    [Fact]
    public void ToString_HidesAuthToken_WhenConfigIsLogged()
    {
        var config = new SmsChannelConfig("AC1", "s3cret", "+15005550006", "+4915112345678");

        Assert.Equal("SmsChannelConfig { AccountSid = AC1, AuthToken = ***, From = +15005550006, To = +4915112345678 }", config.ToString());
    }
}
