using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace Stockbeat.Alerts;

/// <summary>An email channel's stored settings.</summary>
/// <param name="To">The recipients, at least one.</param>
/// <param name="SubjectPrefix">What the subject starts with; null for the default "[Stockbeat]".</param>
public sealed record EmailChannelConfig(IReadOnlyList<string> To, string? SubjectPrefix)
{
    /// <summary>The subject prefix when none is configured.</summary>
    public const string DefaultSubjectPrefix = "[Stockbeat]";

    /// <summary>More recipients than this is a mailing list's job.</summary>
    public const int MaxRecipients = 20;

    /// <summary>Validates an API <c>config</c> object, naming the field that is wrong.</summary>
    public static bool TryParse(
        JsonElement config, [MaybeNullWhen(false)] out EmailChannelConfig result, [MaybeNullWhen(true)] out string error)
    {
        result = null;
        var reader = ConfigReader.Open(config, "to", "subject_prefix");
        var to = ReadRecipients(reader);
        var prefix = reader.OptionalString("subject_prefix", 100);
        if (prefix is not null && prefix.Any(char.IsControl))
        {
            reader.Fail("config.subject_prefix must not contain line breaks or other control characters");
        }

        error = reader.Error;
        if (error is null)
        {
            result = new EmailChannelConfig(to, prefix?.Trim());
        }

        return error is null;
    }

    /// <summary>The config as stored: <c>{"to": ["a@example.com"], "subject_prefix": …}</c>.</summary>
    public string ToJson() => StoredConfig.Serialize(this);

    /// <summary>The subject line, e.g. "[Stockbeat] DOWN: ERP to Amazon (missed)".</summary>
    public string Subject(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var subject = $"{NotificationText.Label(notification)}: {notification.CheckName}";
        if (notification.Kind is NotificationKind.Alert or NotificationKind.Recovery or NotificationKind.Warning)
        {
            subject += $" ({notification.Reason})";
        }

        var prefix = SubjectPrefix ?? DefaultSubjectPrefix;
        return NotificationText.OneLine(prefix.Length == 0 ? subject : $"{prefix} {subject}");
    }

    /// <summary>"to" is "a@x, b@y" (commas or semicolons) or an array of addresses.</summary>
    private static List<string> ReadRecipients(ConfigReader reader)
    {
        var to = new List<string>();
        if (!reader.TryGet("to", out var value))
        {
            reader.Fail("config.to is required");
            return to;
        }

        IEnumerable<string> items;
        if (value.ValueKind == JsonValueKind.String)
        {
            items = value.GetString()!.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }
        else if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
        {
            items = value.EnumerateArray().Select(e => e.GetString()!.Trim()).Where(e => e.Length > 0);
        }
        else
        {
            reader.Fail("config.to must be a string of comma-separated addresses or an array of strings");
            return to;
        }

        foreach (var item in items)
        {
            if (!IsAddress(item))
            {
                reader.Fail($"config.to contains '{NotificationText.Truncate(item, 100)}', which is not an email address");
                return to;
            }

            if (!to.Contains(item, StringComparer.OrdinalIgnoreCase))
            {
                to.Add(item);
            }
        }

        if (to.Count == 0)
        {
            reader.Fail("config.to must list at least one email address");
        }
        else if (to.Count > MaxRecipients)
        {
            reader.Fail($"config.to must list at most {MaxRecipients} addresses");
        }

        return to;
    }

    private static bool IsAddress(string text) =>
        MailboxAddress.TryParse(text, out var mailbox)
        && mailbox.Address.IndexOf('@', StringComparison.Ordinal) is > 0 and var at
        && at < mailbox.Address.Length - 1;
}

/// <summary>
/// Sends email through the SMTP relay in <see cref="AlertOptions.Smtp"/> with MailKit (kind <c>email</c>): a
/// multipart/alternative message with an HTML and a plain-text part, subject like
/// "[Stockbeat] DOWN: ERP to Amazon (missed)". SMTP 4xx replies and connection errors are transient, 5xx replies
/// permanent.
/// Config: <c>to</c> (required), "a@example.com, b@example.com" or an array of addresses;
/// <c>subject_prefix</c> (optional, default "[Stockbeat]").
/// </summary>
public sealed class EmailChannelSender(IOptions<AlertOptions> options, TimeProvider time) : IChannelSender
{
    /// <inheritdoc />
    public string Kind => ChannelKinds.Email;

    /// <inheritdoc />
    public bool TryNormalizeConfig(JsonElement config, out string normalizedJson, out string errorMessage) =>
        StoredConfig.TryNormalize<EmailChannelConfig>(config, EmailChannelConfig.TryParse, c => c.ToJson(), out normalizedJson, out errorMessage);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(string configJson, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!StoredConfig.TryRead<EmailChannelConfig>(configJson, EmailChannelConfig.TryParse, out var config, out var failure))
        {
            return failure;
        }

        var settings = options.Value;
        var smtp = settings.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return new SendResult(SendOutcome.Permanent, $"email is not set up on this server: {AlertOptions.Section}:Smtp:Host is empty");
        }

        using var message = Render(config, notification, MailboxAddress.Parse(smtp.From), time.GetUtcNow());
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(settings.SendTimeout);
        using var client = new SmtpClient { Timeout = (int)settings.SendTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Map(smtp.Security), deadline.Token);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", deadline.Token);
            }

            await client.SendAsync(message, deadline.Token);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            var what = e.ErrorCode switch
            {
                SmtpErrorCode.RecipientNotAccepted => $" (recipient {e.Mailbox?.Address})",
                SmtpErrorCode.SenderNotAccepted => $" (sender {e.Mailbox?.Address})",
                _ => "",
            };
            return new SendResult(
                code >= 500 ? SendOutcome.Permanent : SendOutcome.Transient,
                $"SMTP {code}{what}: {NotificationText.OneLine(e.Message)}");
        }
        catch (AuthenticationException e)
        {
            return new SendResult(SendOutcome.Permanent, $"SMTP authentication failed: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            // MailKit's word for "the server lacks STARTTLS" or "no usable authentication mechanism": settings, not luck.
            return new SendResult(SendOutcome.Permanent, $"SMTP: {e.Message}");
        }
        catch (Exception e) when ((e is OperationCanceledException && !ct.IsCancellationRequested)
                                  || e is TimeoutException || e.InnerException is TimeoutException)
        {
            // Our deadline or MailKit's own socket timeout, whichever came first.
            return new SendResult(SendOutcome.Transient, $"SMTP timed out after {settings.SendTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or SslHandshakeException
                                      or ServiceNotConnectedException)
        {
            return new SendResult(SendOutcome.Transient, $"SMTP {smtp.Host}:{smtp.Port}: {e.Message}");
        }

        await QuitAsync(client, deadline.Token);
        return SendResult.Ok;
    }

    /// <summary>Renders the message: From, To, Subject, Date, and an HTML and a plain-text part.</summary>
    internal static MimeMessage Render(EmailChannelConfig config, Notification n, MailboxAddress from, DateTimeOffset now)
    {
        var message = new MimeMessage
        {
            Subject = config.Subject(n),
            Date = now,

            // MimeKit would use this machine's host name, which says nothing to the receiver's spam filter.
            MessageId = MimeUtils.GenerateMessageId(from.Domain),
        };
        message.From.Add(from);
        message.To.AddRange(config.To.Select(MailboxAddress.Parse));
        message.Body = new BodyBuilder { TextBody = RenderText(n), HtmlBody = RenderHtml(n) }.ToMessageBody();
        return message;
    }

    private static string RenderText(Notification n)
    {
        var text = new StringBuilder();
        text.Append(NotificationText.Headline(n)).Append("\n\n").Append(n.Summary).Append('\n');
        if (n.Message is not null)
        {
            text.Append(n.Message).Append('\n');
        }

        text.Append('\n');
        foreach (var (name, value) in NotificationText.Facts(n))
        {
            text.Append(name).Append(": ").Append(value).Append('\n');
        }

        if (n.MonitorUrl is not null || NotificationText.AckUrl(n) is not null)
        {
            text.Append('\n');
        }

        if (n.MonitorUrl is not null)
        {
            text.Append("Open the monitor: ").Append(n.MonitorUrl).Append('\n');
        }

        if (NotificationText.AckUrl(n) is { } ackUrl)
        {
            text.Append("Acknowledge (stops escalation): ").Append(ackUrl).Append('\n');
        }

        return text.Append("\n-- \n").Append(NotificationText.Context(n)).Append('\n').ToString();
    }

    private static string RenderHtml(Notification n)
    {
        var color = n.Kind switch
        {
            NotificationKind.Alert => "#d0021b",
            NotificationKind.Recovery => "#2e7d32",
            NotificationKind.Warning => "#b26a00",
            _ => "#555555",
        };
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif;color:#222\">\n")
            .Append("<h2 style=\"color:").Append(color).Append("\">").Append(Html(NotificationText.Headline(n))).Append("</h2>\n")
            .Append("<p>").Append(Html(n.Summary)).Append("</p>\n");
        if (n.Message is not null)
        {
            html.Append("<p><strong>").Append(Html(n.Message)).Append("</strong></p>\n");
        }

        html.Append("<table style=\"border-collapse:collapse\">\n");
        foreach (var (name, value) in NotificationText.Facts(n))
        {
            html.Append("<tr><th style=\"text-align:left;padding:2px 12px 2px 0\">").Append(Html(name))
                .Append("</th><td>").Append(Html(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        if (n.MonitorUrl is not null)
        {
            html.Append("<p><a href=\"").Append(Html(n.MonitorUrl)).Append("\">Open the monitor</a></p>\n");
        }

        if (NotificationText.AckUrl(n) is { } ackUrl)
        {
            html.Append("<p><a href=\"").Append(Html(ackUrl)).Append("\">Acknowledge</a> (stops escalation)</p>\n");
        }

        return html.Append("<p style=\"color:#888;font-size:small\">").Append(Html(NotificationText.Context(n)))
            .Append("</p>\n</body></html>\n").ToString();
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static SecureSocketOptions Map(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>
    /// Says QUIT. The relay has taken the message by now, so a failure here must not turn into a retry that
    /// would send it twice.
    /// </summary>
    private static async Task QuitAsync(SmtpClient client, CancellationToken ct)
    {
        try
        {
            await client.DisconnectAsync(quit: true, ct);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or SmtpCommandException
                                      or OperationCanceledException)
        {
            // Nothing to do: see the summary.
        }
    }
}
