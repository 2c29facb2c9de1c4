using MimeKit;
using Stockbeat.Testing;

namespace Stockbeat.Alerts.Tests;

public sealed class EmailChannelSenderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_DeliversMultipartMessage_WhenAlert()
    {
        await using var smtp = await SmtpPeer.StartAsync();
        await using var services = SmtpServices(smtp.Port, ("Smtp:From", "Stockbeat <alerts@stockbeat.example>"));
        var sender = services.Sender(ChannelKinds.Email);
        var config = sender.Normalize("""{"to": "ops@shop.example, buyer@shop.example"}""");

        var result = await sender.SendAsync(config, Samples.Alert(), Ct);

        Assert.Equal(SendResult.Ok, result);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("alerts@stockbeat.example", mail.From);
        Assert.Equal(["ops@shop.example", "buyer@shop.example"], mail.To);
        var message = mail.Message;
        Assert.Equal("[Stockbeat] DOWN: ERP to Amazon (missed)", message.Subject);
        Assert.Equal(["\"Stockbeat\" <alerts@stockbeat.example>"], message.From.Select(a => a.ToString()));
        Assert.Equal(["ops@shop.example", "buyer@shop.example"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(TestServices.Now, message.Date);
        Assert.EndsWith("@stockbeat.example", message.MessageId, StringComparison.Ordinal);
        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(
            $"""
            ERP to Amazon is DOWN

            {Samples.Summary}
            {Samples.Message}

            Status: down
            Reason: missed
            Last ping: 2025-03-04 13:00 UTC
            Step: 2
            Tags: erp amazon

            Open the monitor: {Samples.MonitorUrl}
            Acknowledge (stops escalation): {Samples.AckUrl}

            -- 
            Stockbeat · erp-to-amazon · incident inc-42 · 2025-03-04 14:15 UTC

            """.ReplaceLineEndings("\n"),
            message.TextBody?.ReplaceLineEndings("\n"));
        Assert.Contains("<h2 style=\"color:#d0021b\">ERP to Amazon is DOWN</h2>", message.HtmlBody);
        Assert.Contains("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">Reason</th><td>missed</td></tr>", message.HtmlBody);
        Assert.Contains($"<a href=\"{Samples.AckUrl}\">Acknowledge</a>", message.HtmlBody);
    }

    [Fact]
    public async Task SendAsync_UsesPrefixAndEscapesHtml_WhenRecoveryWithConfiguredPrefix()
    {
        await using var smtp = await SmtpPeer.StartAsync();
        await using var services = SmtpServices(smtp.Port);
        var sender = services.Sender(ChannelKinds.Email);
        var config = sender.Normalize("""{"to": ["ops@shop.example"], "subject_prefix": "[ERP]"}""");
        var notification = Samples.Recovery() with { CheckName = "ERP <to> Amazon & eBay" };

        var result = await sender.SendAsync(config, notification, Ct);

        Assert.Equal(SendResult.Ok, result);
        var message = Assert.Single(smtp.Messages).Message;
        Assert.Equal("[ERP] UP: ERP <to> Amazon & eBay (success)", message.Subject);
        Assert.Equal("stockbeat@localhost", Assert.Single(message.From.Mailboxes).Address);
        Assert.Contains("<h2 style=\"color:#2e7d32\">ERP &lt;to&gt; Amazon &amp; eBay is UP</h2>", message.HtmlBody);
        Assert.DoesNotContain("Acknowledge", message.TextBody);
        Assert.DoesNotContain("Acknowledge", message.HtmlBody);
    }

    [Fact]
    public async Task SendAsync_LogsIn_WhenUsernameIsConfigured()
    {
        await using var smtp = await SmtpPeer.StartAsync();
        await using var services = SmtpServices(smtp.Port, ("Smtp:Username", "stockbeat"), ("Smtp:Password", "pa55"));
        var sender = services.Sender(ChannelKinds.Email);

        var result = await sender.SendAsync(sender.Normalize("""{"to": "ops@shop.example"}"""), Samples.Test(), Ct);

        Assert.Equal(SendResult.Ok, result);
        Assert.Equal([("stockbeat", "pa55")], smtp.Logins);
        Assert.Equal("[Stockbeat] TEST: ERP to Amazon", Assert.Single(smtp.Messages).Message.Subject);
    }

    [Fact]
    public async Task SendAsync_ReturnsPermanent_WhenServerRejectsRecipientWith550()
    {
        await using var smtp = await SmtpPeer.StartAsync();
        smtp.RejectedRecipients["gone@shop.example"] = 550;
        await using var services = SmtpServices(smtp.Port);
        var sender = services.Sender(ChannelKinds.Email);
        var config = sender.Normalize("""{"to": "ops@shop.example, gone@shop.example"}""");

        var result = await sender.SendAsync(config, Samples.Alert(), Ct);

        Assert.Equal(SendOutcome.Permanent, result.Outcome);
        Assert.StartsWith("SMTP 550 (recipient gone@shop.example): mailbox gone@shop.example refused", result.Error);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task SendAsync_ReturnsTransient_WhenServerDefersRecipientWith451()
    {
        await using var smtp = await SmtpPeer.StartAsync();
        smtp.RejectedRecipients["ops@shop.example"] = 451;
        await using var services = SmtpServices(smtp.Port);
        var sender = services.Sender(ChannelKinds.Email);

        var result = await sender.SendAsync(sender.Normalize("""{"to": "ops@shop.example"}"""), Samples.Alert(), Ct);

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.StartsWith("SMTP 451 (recipient ops@shop.example)", result.Error);
    }

    [Fact]
    public async Task SendAsync_ReturnsTransient_WhenSmtpPortIsClosed()
    {
        var port = Peers.ClosedPort();
        await using var services = SmtpServices(port);
        var sender = services.Sender(ChannelKinds.Email);

        var result = await sender.SendAsync(sender.Normalize("""{"to": "ops@shop.example"}"""), Samples.Alert(), Ct);

        Assert.Equal(SendOutcome.Transient, result.Outcome);
        Assert.StartsWith($"SMTP 127.0.0.1:{port}: ", result.Error);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendAsync_ReturnsTransient_WhenServerNeverGreets()
    {
        using var silent = Peers.Silent();
        await using var services = SmtpServices(silent.Port(), ("SendTimeout", "00:00:00.5"));
        var sender = services.Sender(ChannelKinds.Email);

        var result = await sender.SendAsync(sender.Normalize("""{"to": "ops@shop.example"}"""), Samples.Alert(), Ct);

        Assert.Equal(new SendResult(SendOutcome.Transient, "SMTP timed out after 0.5 s"), result);
    }

    [Fact]
    public async Task SendAsync_ReturnsPermanent_WhenSmtpHostIsNotConfigured()
    {
        await using var services = TestServices.Build();
        var sender = services.Sender(ChannelKinds.Email);

        var result = await sender.SendAsync(sender.Normalize("""{"to": "ops@shop.example"}"""), Samples.Alert(), Ct);

        Assert.Equal(new SendResult(SendOutcome.Permanent, "email is not set up on this server: Stockbeat:Alerts:Smtp:Host is empty"), result);
    }

    private static Microsoft.Extensions.DependencyInjection.ServiceProvider SmtpServices(int port, params (string, string?)[] more) =>
        TestServices.Build([("Smtp:Host", "127.0.0.1"), ("Smtp:Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. more]);
}
