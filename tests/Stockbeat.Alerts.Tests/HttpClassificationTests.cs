using Microsoft.Extensions.DependencyInjection;
using Stockbeat.Testing;

namespace Stockbeat.Alerts.Tests;

/// <summary>Every HTTP sender classifies receiver answers and failures the same way.</summary>
public sealed class HttpClassificationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> HttpKinds() =>
        [ChannelKinds.Slack, ChannelKinds.Sms, ChannelKinds.Webhook, ChannelKinds.PagerDuty, ChannelKinds.Teams, ChannelKinds.Discord];

    public static TheoryData<string, int, SendOutcome> Answers()
    {
        var data = new TheoryData<string, int, SendOutcome>();
        foreach (var kind in HttpKinds().Select(row => row.Data))
        {
            // Accepted, in the ways real receivers say it.
            data.Add(kind, 200, SendOutcome.Sent);
            data.Add(kind, 202, SendOutcome.Sent);
            data.Add(kind, 204, SendOutcome.Sent);

            // Worth retrying.
            data.Add(kind, 408, SendOutcome.Transient);
            data.Add(kind, 429, SendOutcome.Transient);
            data.Add(kind, 500, SendOutcome.Transient);
            data.Add(kind, 503, SendOutcome.Transient);

            // The request itself is wrong: a revoked webhook, a bad key.
            data.Add(kind, 400, SendOutcome.Permanent);
            data.Add(kind, 401, SendOutcome.Permanent);
            data.Add(kind, 404, SendOutcome.Permanent);
            data.Add(kind, 410, SendOutcome.Permanent);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task SendAsync_ClassifiesStatus_WhenReceiverAnswers(string kind, int status, SendOutcome outcome)
    {
        await using var peer = await WebhookPeer.StartAsync();
        peer.StatusCode = status;
        await using var services = Services(peer.Url);

        var result = await Send(services, kind, peer.Url);

        Assert.Equal(outcome, result.Outcome);
        Assert.Single(peer.Requests);
    }

    [Theory]
    [MemberData(nameof(HttpKinds))]
    public async Task SendAsync_ReturnsTransientWithStatusLine_WhenReceiverAnswers503(string kind)
    {
        await using var peer = await WebhookPeer.StartAsync();
        peer.StatusCode = 503;
        await using var services = Services(peer.Url);

        var result = await Send(services, kind, peer.Url);

        Assert.Equal(new SendResult(SendOutcome.Transient, "HTTP 503 Service Unavailable"), result);
    }

    [Theory]
    [MemberData(nameof(HttpKinds))]
    public async Task SendAsync_QuotesStartOfBody_WhenReceiverAnswers400(string kind)
    {
        var body = "{\"error\": \"invalid_payload\",\n  \"detail\": \"" + new string('x', 300) + "\"}";
        await using var peer = await AnsweringPeer.StartAsync(400, body);
        await using var services = Services(peer.Url);

        var result = await Send(services, kind, peer.Url);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        const string OneLine = "{\"error\": \"invalid_payload\", \"detail\": \"";
        var quoted = OneLine + new string('x', 199 - OneLine.Length) + "…";
        Assert.Equal("HTTP 400 Bad Request: " + quoted, result.Error);
    }

    [Theory]
    [MemberData(nameof(HttpKinds))]
    public async Task SendAsync_ReturnsTransient_WhenPortIsClosed(string kind)
    {
        var url = $"http://127.0.0.1:{Peers.ClosedPort()}";
        await using var services = Services(url);

        var result = await Send(services, kind, url);

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.Contains("Connection refused", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HttpKinds))]
    public async Task SendAsync_ReturnsTransient_WhenReceiverNeverAnswers(string kind)
    {
        using var silent = Peers.Silent();
        var url = $"http://127.0.0.1:{silent.Port()}";
        await using var services = Services(url, ("SendTimeout", "00:00:00.3"));

        var result = await Send(services, kind, url);

        Assert.Equal(new SendResult(SendOutcome.Transient, "timed out after 0.3 s"), result);
    }

    [Fact]
    public async Task SendAsync_Throws_WhenCallerCancels()
    {
        using var silent = Peers.Silent();
        var url = $"http://127.0.0.1:{silent.Port()}";
        await using var services = Services(url);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(100));
        var sender = services.Sender(ChannelKinds.Webhook);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => sender.SendAsync(sender.Normalize($$"""{"url": "{{url}}"}"""), Samples.Alert(), cancel.Token));
    }

    [Theory]
    [MemberData(nameof(HttpKinds))]
    public async Task SendAsync_ReturnsPermanent_WhenStoredConfigIsInvalid(string kind)
    {
        await using var services = Services("http://127.0.0.1:9");

        var result = await services.Sender(kind).SendAsync("""{"url": 5}""", Samples.Alert(), Ct);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.StartsWith("invalid channel config: config.", result.Error);
    }

    private static ServiceProvider Services(string url, params (string, string?)[] more) =>
        TestServices.Build([("Twilio:BaseUrl", url), ("PagerDuty:EventsUrl", url + "/v2/enqueue"), .. more]);

    private static Task<SendResult> Send(IServiceProvider services, string kind, string url)
    {
        var sender = services.Sender(kind);
        var config = kind switch
        {
            ChannelKinds.Sms => """{"account_sid": "AC1", "auth_token": "t", "from": "+15005550006", "to": "+15005550009"}""",
            ChannelKinds.PagerDuty => """{"routing_key": "0123456789abcdef0123456789abcdef"}""",
            _ => $$"""{"url": "{{url}}/hook"}""",
        };
        return sender.SendAsync(sender.Normalize(config), Samples.Alert(), Ct);
    }
}
