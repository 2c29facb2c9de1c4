using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Stockbeat.Alerts;

/// <summary>An SMS channel's stored settings.</summary>
/// <param name="AccountSid">The account SID, e.g. AC0123…; also the basic-auth user.</param>
/// <param name="AuthToken">The auth token; the basic-auth password.</param>
/// <param name="From">The sending number in E.164 form, or an alphanumeric sender ID.</param>
/// <param name="To">The receiving number in E.164 form.</param>
public sealed partial record SmsChannelConfig(string AccountSid, string AuthToken, string From, string To)
{
    /// <summary>Validates an API <c>config</c> object, naming the field that is wrong.</summary>
    public static bool TryParse(
        JsonElement config, [MaybeNullWhen(false)] out SmsChannelConfig result, [MaybeNullWhen(true)] out string error)
    {
        result = null;
        var reader = ConfigReader.Open(config, "account_sid", "auth_token", "from", "to");
        var accountSid = reader.RequiredString("account_sid", 64);
        if (reader.Error is null && !AccountSidPattern().IsMatch(accountSid))
        {
            // It becomes a path segment of the API URL.
            reader.Fail("config.account_sid must be letters, digits, '-' or '_' only");
        }

        var authToken = reader.RequiredString("auth_token", 256);
        var from = reader.RequiredString("from", 32);
        if (reader.Error is null && !PhonePattern().IsMatch(from) && !SenderIdPattern().IsMatch(from))
        {
            reader.Fail("config.from must be a phone number in E.164 form, e.g. +15551234567, or an alphanumeric sender ID of up to 11 characters");
        }

        var to = reader.RequiredString("to", 32);
        if (reader.Error is null && !PhonePattern().IsMatch(to))
        {
            reader.Fail("config.to must be a phone number in E.164 form, e.g. +15551234567");
        }

        error = reader.Error;
        if (error is null)
        {
            result = new SmsChannelConfig(accountSid, authToken, from, to);
        }

        return error is null;
    }

    /// <summary>The config as stored: <c>{"account_sid", "auth_token", "from", "to"}</c>.</summary>
    public string ToJson() => StoredConfig.Serialize(this);

    /// <summary>Keeps the auth token out of logs.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("AccountSid = ").Append(AccountSid).Append(", AuthToken = ***, From = ").Append(From)
            .Append(", To = ").Append(To);
        return true;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$")]
    private static partial Regex AccountSidPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex SenderIdPattern();
}

/// <summary>
/// Sends a text message through a Twilio-compatible REST API (kind <c>sms</c>): a form-encoded POST of To, From
/// and Body to {<see cref="TwilioOptions.BaseUrl"/>}/2010-04-01/Accounts/{account_sid}/Messages.json with HTTP
/// basic auth. The body stays within two concatenated SMS segments.
/// Config: <c>account_sid</c>, <c>auth_token</c>, <c>from</c> (E.164 number or alphanumeric sender ID) and
/// <c>to</c> (E.164 number), all required.
/// </summary>
public sealed class SmsChannelSender(IHttpClientFactory clients, IOptions<AlertOptions> options) : IChannelSender
{
    /// <summary>
    /// The longest body sent: two concatenated GSM-7 segments (2 × 153 characters), so that an alert costs at most
    /// two messages and arrives in one piece.
    /// </summary>
    public const int MaxBodyLength = 306;

    /// <inheritdoc />
    public string Kind => ChannelKinds.Sms;

    /// <inheritdoc />
    public bool TryNormalizeConfig(JsonElement config, out string normalizedJson, out string errorMessage) =>
        StoredConfig.TryNormalize<SmsChannelConfig>(config, SmsChannelConfig.TryParse, c => c.ToJson(), out normalizedJson, out errorMessage);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(string configJson, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!StoredConfig.TryRead<SmsChannelConfig>(configJson, SmsChannelConfig.TryParse, out var config, out var failure))
        {
            return failure;
        }

        var settings = options.Value;
        var url = $"{settings.Twilio.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(config.AccountSid)}/Messages.json";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(
            [
                new("To", config.To),
                new("From", config.From),
                new("Body", Render(notification)),
            ]),
        };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{config.AccountSid}:{config.AuthToken}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return await HttpDelivery.SendAsync(clients, request, settings.SendTimeout, ct);
    }

    /// <summary>
    /// The text: "Stockbeat DOWN: " and the summary, the step's message, and the acknowledgement link when it
    /// fits whole (a cut link is useless, so the words are cut first).
    /// </summary>
    internal static string Render(Notification n)
    {
        var text = NotificationText.OneLine($"Stockbeat {NotificationText.Label(n)}: {n.Summary} {n.Message}");
        if (NotificationText.AckUrl(n) is { } ackUrl)
        {
            var link = " Ack: " + ackUrl;
            if (link.Length <= MaxBodyLength / 2)
            {
                return NotificationText.Truncate(text, MaxBodyLength - link.Length) + link;
            }
        }

        return NotificationText.Truncate(text, MaxBodyLength);
    }
}
