using System.Net;
using System.Text.Json;
using Stockbeat.Core.Pings;
using Stockbeat.Server.Features.Pings;
using Stockbeat.Server.Workers;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Features.Incidents.EscalationFlow;

namespace Stockbeat.Server.Tests.Features.Incidents;

public sealed class EscalationTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task DefaultPolicy_EscalatesSlackThenEmailThenSmsThenPauseSales_WhenNobodyAcknowledges(Backend backend)
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var smtp = await SmtpPeer.StartAsync();
        await using var host = await StartAsync(peer, backend, smtp);
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        await host.CreateChannelAsync("email", new { to = "ops@shop.example" });
        await host.CreateChannelAsync("sms", new { account_sid = "AC0123456789abcdef0123456789abcdef", auth_token = "secret", from = "+15550001111", to = "+15550002222" });
        var uuid = await host.CreateCheckUuidAsync(new { name = "ERP to Amazon", timeout = 900, channels = "*" });
        await host.PingAsync($"ping/{uuid}");

        await host.PingAsync($"ping/{uuid}/fail");
        await host.RunAlertPassesAsync();
        var counts = () => (peer.To("/slack").Count, smtp.Messages.Count, peer.To("/2010-04-01").Count);
        var atOpen = counts();
        await host.AdvanceAsync(TimeSpan.FromMinutes(14));
        var at14 = counts();
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var at15 = counts();
        await host.AdvanceAsync(TimeSpan.FromMinutes(15));
        var at30 = counts();
        await host.AdvanceAsync(TimeSpan.FromMinutes(30));
        var at60 = counts();

        Assert.Equal((1, 0, 0), atOpen);
        Assert.Equal((1, 0, 0), at14);
        Assert.Equal((1, 1, 0), at15);
        Assert.Equal((1, 1, 1), at30);
        Assert.Equal((2, 2, 2), at60);
        var email = smtp.Messages.First().Message;
        Assert.Contains("ERP to Amazon", email.Subject, StringComparison.Ordinal);
        Assert.Equal("ops@shop.example", Assert.Single(smtp.Messages.First().To));
        Assert.Contains("consider pausing sales", peer.To("/slack")[1].Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ERP to Amazon", peer.To("/slack")[0].Body, StringComparison.Ordinal);
        var incident = await host.SingleIncidentAsync();
        Assert.Equal(4, incident.GetProperty("step").GetInt32());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("next_step_at").ValueKind);
    }

    [Fact]
    public async Task Acknowledge_StopsLaterSteps_WhenDoneBeforeSmsStep()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        await host.CreateChannelAsync("sms", new { account_sid = "AC0123456789abcdef0123456789abcdef", auth_token = "secret", from = "+15550001111", to = "+15550002222" });
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-ebay", timeout = 900, channels = "*" });
        await host.PingAsync($"ping/{uuid}/fail");
        await host.RunAlertPassesAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(20));
        var id = (await host.SingleIncidentAsync()).GetProperty("id").GetString();

        var ack = await host.Api.PostAsync($"api/v3/incidents/{id}/ack", null, Ct);
        await host.RunAlertPassesAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(50));
        var again = await host.Api.PostAsync($"api/v3/incidents/{id}/ack", null, Ct);

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Empty(peer.To("/2010-04-01"));
        // The alert, then the "acknowledged" note to the channel that was told; nothing after.
        Assert.Equal(2, peer.To("/slack").Count);
        Assert.Contains("acknowledged", peer.To("/slack")[1].Body, StringComparison.OrdinalIgnoreCase);
        // Steps 1 (Slack) and 2 (email, none configured) fired before the acknowledgement at minute 20.
        var incident = await host.SingleIncidentAsync();
        Assert.Equal(2, incident.GetProperty("step").GetInt32());
        Assert.Equal("api", incident.GetProperty("acknowledged_by").GetString());
    }

    [Fact]
    public async Task Recovery_TellsEveryToldChannelAndUndoesAction_WhenMonitorComesBack()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        var slack = await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var hook = await host.CreateChannelAsync("webhook", new { url = peer.Url + "/hook" }, "never-told");
        var policy = await host.CreatePolicyAsync(new
        {
            name = "amazon",
            steps = new object[]
            {
                new { after = 0, channels = new[] { slack } },
                new
                {
                    after = 120,
                    channels = new[] { slack },
                    message = "Pausing Amazon listings.",
                    action = new
                    {
                        url = peer.Url + "/storefront/limited",
                        method = "POST",
                        body = """{"monitor":"$NAME","on":true}""",
                        headers = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["X-Shop-Token"] = "shop-secret" },
                        undo = new { url = peer.Url + "/storefront/normal", method = "POST", body = """{"monitor":"$NAME","on":false}""" },
                    },
                },
                new { after = 3600, channels = new[] { hook } },
            },
        });
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-amazon", timeout = 900, policy });
        await host.PingAsync($"ping/{uuid}/fail");
        await host.RunAlertPassesAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(2));

        await host.PingAsync($"ping/{uuid}");
        await host.RunAlertPassesAsync();

        Assert.Equal(3, peer.To("/slack").Count);
        Assert.Contains("recovered", peer.To("/slack")[2].Body, StringComparison.OrdinalIgnoreCase);
        var limited = Assert.Single(peer.To("/storefront/limited"));
        Assert.Equal("""{"monitor":"erp-to-amazon","on":true}""", limited.Body);
        Assert.Equal("shop-secret", limited.Headers["X-Shop-Token"]);
        Assert.StartsWith("application/json", limited.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("""{"monitor":"erp-to-amazon","on":false}""", Assert.Single(peer.To("/storefront/normal")).Body);
        Assert.Empty(peer.To("/hook"));
        var incident = await host.SingleIncidentAsync();
        Assert.Equal("resolved", incident.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delivery_ArrivesExactlyOnce_WhenReceiverFails503ThreeTimes()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        await host.CreateChannelAsync("webhook", new { url = peer.Url + "/flaky" });
        var uuid = await host.CreateCheckUuidAsync(new { name = "pos-to-web", channels = "*" });
        peer.StatusCode = 503;
        await host.PingAsync($"ping/{uuid}/fail");
        await host.RunAlertPassesAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        await host.AdvanceAsync(TimeSpan.FromMinutes(1));

        peer.StatusCode = 200;
        for (var i = 0; i < 5; i++)
        {
            await host.AdvanceAsync(TimeSpan.FromMinutes(2));
        }

        Assert.Equal(4, peer.To("/flaky").Count);
        var id = (await host.SingleIncidentAsync()).GetProperty("id").GetString();
        var detail = await host.GetIncidentAsync(id!);
        var delivery = Assert.Single(detail.GetProperty("deliveries").EnumerateArray());
        Assert.Equal("sent", delivery.GetProperty("status").GetString());
        Assert.Equal(4, delivery.GetProperty("attempts").GetInt32());
        Assert.Contains(detail.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("detail").GetString()!.Contains("HTTP 503", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delivery_IsRecordedFailedWithReceiverError_WhenReceiverAnswers400()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        await host.CreateChannelAsync("webhook", new { url = peer.Url + "/broken" });
        var uuid = await host.CreateCheckUuidAsync(new { name = "supplier-to-erp", channels = "*" });
        peer.StatusCode = 400;
        await host.PingAsync($"ping/{uuid}/fail");

        await host.RunAlertPassesAsync();
        await host.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Single(peer.To("/broken"));
        var channels = await host.ListChannelsAsync();
        Assert.Contains("400", channels[0].GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    // The sync recovered and its ping was acknowledged, but it is not in the database yet when the next step falls due
    // (as under a burst): the pass waits for it instead of escalating a recovered incident. SQLite's calls complete
    // synchronously, so a pass that did not wait would be done when RunOnceAsync returns.
    [Fact]
    public async Task Escalation_WaitsForAcknowledgedRecoveryPing_ThenFiresNoStep()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var uuid = Guid.Parse(await host.CreateCheckUuidAsync(new { name = "erp-to-amazon", timeout = 900, channels = "*" }));
        await host.PingAsync($"ping/{uuid}/fail");
        await host.RunAlertPassesAsync();
        await host.AdvanceAsync(TimeSpan.FromMinutes(14));
        var backlog = host.Get<PingBacklog>();
        PingTarget[] acknowledged = [new PingTarget.ByUuid(uuid)];
        backlog.Add(acknowledged);
        host.Time.Advance(TimeSpan.FromMinutes(1));

        var pass = host.Get<EscalationPass>().RunOnceAsync(Ct);
        Assert.False(pass.IsCompleted, "the pass did not wait for the ping to the incident's monitor");
        // The recovery the backlog counted reaches the database: storing it lets the pass go on.
        await host.PingAsync($"ping/{uuid}");
        var fired = await pass.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        backlog.Stored(acknowledged);

        Assert.Equal(0, fired);
        var incident = await host.SingleIncidentAsync();
        Assert.Equal("resolved", incident.GetProperty("status").GetString());
        Assert.Equal(1, incident.GetProperty("step").GetInt32());
    }

    // A storm, such as the ERP going down under every sync: each incident is told in the same pass, not ten a second.
    [Fact]
    public async Task Storm_TellsEveryIncidentInOnePass()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var uuids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            uuids.Add(await host.CreateCheckUuidAsync(new { name = $"erp-to-shop-{i:00}", channels = "*" }));
        }

        foreach (var uuid in uuids)
        {
            await host.PingAsync($"ping/{uuid}/fail");
        }

        await host.RunAlertPassesAsync();

        var told = peer.To("/slack").Select(r => r.Body).ToList();
        Assert.Equal(40, told.Count);
        Assert.All(Enumerable.Range(0, 40), i => Assert.Single(told, body => body.Contains($"erp-to-shop-{i:00}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RepeatedFailure_PagesOnce_WhenMonitorIsAlreadyDown()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        await host.CreateChannelAsync("slack", new { url = peer.Url + "/slack" });
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-web", channels = "*" });

        await host.PingAsync($"ping/{uuid}/fail");
        await host.RunAlertPassesAsync();
        await host.PingAsync($"ping/{uuid}/fail");
        await host.PingAsync($"ping/{uuid}/2");
        await host.RunAlertPassesAsync();

        Assert.Single(peer.To("/slack"));
        Assert.Single(await host.ListIncidentsAsync());
    }

    [Fact]
    public async Task AckLink_AcknowledgesOnPostOnly_WhenSignatureIsValid()
    {
        await using var peer = await WebhookPeer.StartAsync();
        await using var host = await StartAsync(peer);
        await host.CreateChannelAsync("webhook", new { url = peer.Url + "/hook", body = "$JSON" });
        var uuid = await host.CreateCheckUuidAsync(new { name = "erp-to-store", channels = "*" });
        await host.PingAsync($"ping/{uuid}/fail");
        await host.RunAlertPassesAsync();
        var sent = JsonDocument.Parse(Assert.Single(peer.To("/hook")).Body).RootElement;
        var link = new Uri(sent.GetProperty("ack_url").GetString()!);
        Assert.Equal("stockbeat.example.com", link.Host);

        var view = await host.Client.GetAsync(link.PathAndQuery.TrimStart('/'), Ct);
        var afterView = await host.SingleIncidentAsync();
        var forged = await host.Client.PostAsync(link.PathAndQuery.TrimStart('/')[..^3] + "xyz", null, Ct);
        var post = await host.Client.PostAsync(link.PathAndQuery.TrimStart('/'), null, Ct);
        var reuse = await host.Client.PostAsync(link.PathAndQuery.TrimStart('/'), null, Ct);

        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal(JsonValueKind.Null, afterView.GetProperty("acknowledged_at").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reuse.StatusCode);
        Assert.Equal("signed link", (await host.SingleIncidentAsync()).GetProperty("acknowledged_by").GetString());
    }
}

public sealed class DeliveryRestartTests
{
    [Fact]
    public async Task PendingDelivery_IsSentAfterRestart_WhenFirstProcessStoppedBeforeReceiverRecovered()
    {
        await using var peer = await WebhookPeer.StartAsync();
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string> { ["Stockbeat:PublicUrl"] = "https://stockbeat.example.com" };
        peer.StatusCode = 503;
        await using (var first = await StockbeatHost.StartAsync(settings: settings, dataDirectory: data.Path))
        {
            await first.CreateChannelAsync("webhook", new { url = peer.Url + "/hook" });
            var uuid = await first.CreateCheckUuidAsync(new { name = "erp-to-amazon", channels = "*" });
            await first.PingAsync($"ping/{uuid}/fail");
            await first.RunAlertPassesAsync();
        }

        peer.StatusCode = 200;
        await using var second = await StockbeatHost.StartAsync(settings: settings, dataDirectory: data.Path);
        await second.AdvanceAsync(TimeSpan.FromHours(1));

        // One refused attempt by the first process, one accepted by the second.
        Assert.Equal(2, peer.To("/hook").Count);
        var incident = await second.SingleIncidentAsync();
        var detail = await second.GetIncidentAsync(incident.GetProperty("id").GetString()!);
        Assert.Equal("sent", Assert.Single(detail.GetProperty("deliveries").EnumerateArray()).GetProperty("status").GetString());
    }
}
