using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Stockbeat.Alerts;

/// <summary>A generic webhook channel's stored settings.</summary>
/// <param name="Url">Absolute http(s) URL; may contain template variables such as <c>$SLUG</c>.</param>
/// <param name="Method">POST, PUT or GET.</param>
/// <param name="Headers">Extra request headers; a Content-Type here applies to the body.</param>
/// <param name="Body">The body template; null sends the notification as JSON.</param>
public sealed partial record WebhookChannelConfig(
    string Url, string Method, IReadOnlyDictionary<string, string> Headers, string? Body)
{
    /// <summary>The longest body template accepted.</summary>
    public const int MaxBodyLength = 10_000;

    /// <summary>Headers HttpClient computes itself; setting them would corrupt the request.</summary>
    private static readonly string[] ReservedHeaders = ["Content-Length", "Transfer-Encoding", "Connection", "Host"];

    /// <summary>Validates an API <c>config</c> object, naming the field that is wrong.</summary>
    public static bool TryParse(
        JsonElement config, [MaybeNullWhen(false)] out WebhookChannelConfig result, [MaybeNullWhen(true)] out string error)
    {
        result = null;
        var reader = ConfigReader.Open(config, "url", "method", "headers", "body");
        var url = reader.HttpUrl("url");
        var method = (reader.OptionalString("method", 10) ?? "POST").Trim().ToUpperInvariant();
        if (reader.Error is null && method is not ("POST" or "PUT" or "GET"))
        {
            reader.Fail("config.method must be POST, PUT or GET");
        }

        var headers = ReadHeaders(reader);
        var body = reader.OptionalString("body", MaxBodyLength);
        if (reader.Error is null && body is not null && method == "GET")
        {
            reader.Fail("config.body must be left out when config.method is GET");
        }

        error = reader.Error;
        if (error is null)
        {
            result = new WebhookChannelConfig(url, method, headers, body);
        }

        return error is null;
    }

    /// <summary>The config as stored: <c>{"url", "method", "headers", "body"?}</c>.</summary>
    public string ToJson() => StoredConfig.Serialize(this);

    private static Dictionary<string, string> ReadHeaders(ConfigReader reader)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!reader.TryGet("headers", out var value))
        {
            return headers;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            reader.Fail("config.headers must be an object of strings");
            return headers;
        }

        foreach (var header in value.EnumerateObject())
        {
            if (!HeaderNamePattern().IsMatch(header.Name))
            {
                reader.Fail($"config.headers: '{NotificationText.Truncate(header.Name, 100)}' is not a valid header name");
            }
            else if (ReservedHeaders.Contains(header.Name, StringComparer.OrdinalIgnoreCase))
            {
                reader.Fail($"config.headers.{header.Name} is set by Stockbeat and cannot be configured");
            }
            else if (header.Value.ValueKind != JsonValueKind.String)
            {
                reader.Fail($"config.headers.{header.Name} must be a string");
            }
            else if (header.Value.GetString()!.Any(c => char.IsControl(c) && c != '\t') || header.Value.GetString()!.Length > 4096)
            {
                reader.Fail($"config.headers.{header.Name} must be at most 4096 characters without line breaks");
            }
            else if (!headers.TryAdd(header.Name, header.Value.GetString()!.Trim()))
            {
                reader.Fail($"config.headers.{header.Name} is given twice");
            }

            if (reader.Error is not null)
            {
                break;
            }
        }

        return headers;
    }

    // RFC 9110 token.
    [GeneratedRegex(@"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderNamePattern();
}

/// <summary>
/// Calls any HTTP endpoint (kind <c>webhook</c>). Template variables are replaced in the URL (URL-encoded) and
/// in the body: <c>$NAME</c>, <c>$STATUS</c>, <c>$REASON</c>, <c>$NOW</c> (ISO 8601 UTC), <c>$SLUG</c>,
/// <c>$TAGS</c> (space-separated), <c>$CODE</c> (the check's uuid), <c>$MESSAGE</c>, <c>$SUMMARY</c> and
/// <c>$JSON</c> (the whole notification as snake_case JSON). In a body whose Content-Type is JSON the text
/// variables are JSON-escaped, so <c>{"text": "$SUMMARY"}</c> stays valid whatever the monitor is called.
/// Without a body template the notification is sent as application/json.
/// Config: <c>url</c> (required); <c>method</c> POST, PUT or GET (default POST); <c>headers</c>, an object of
/// strings; <c>body</c>, the template (not with GET).
/// </summary>
public sealed partial class WebhookChannelSender(
    IHttpClientFactory clients, IOptions<AlertOptions> options, TimeProvider time) : IChannelSender
{
    private static readonly JsonSerializerOptions NotificationJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = HttpDelivery.Encoder,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new UtcTimeConverter() },
    };

    /// <inheritdoc />
    public string Kind => ChannelKinds.Webhook;

    /// <inheritdoc />
    public bool TryNormalizeConfig(JsonElement config, out string normalizedJson, out string errorMessage) =>
        StoredConfig.TryNormalize<WebhookChannelConfig>(config, WebhookChannelConfig.TryParse, c => c.ToJson(), out normalizedJson, out errorMessage);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(string configJson, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!StoredConfig.TryRead<WebhookChannelConfig>(configJson, WebhookChannelConfig.TryParse, out var config, out var failure))
        {
            return failure;
        }

        var now = time.GetUtcNow();
        var url = Expand(config.Url, notification, now, TemplateEncoding.Url);
        if (!ConfigReader.IsHttpUrl(url))
        {
            return new SendResult(SendOutcome.Permanent, $"config.url is not an absolute http or https URL once expanded: {url}");
        }

        using var request = new HttpRequestMessage(new HttpMethod(config.Method), url);
        if (config.Method != "GET")
        {
            request.Content = Content(config, notification, now);
        }

        foreach (var (name, value) in config.Headers)
        {
            // HttpClient keeps Content-Type and the other content headers on the content, not the request.
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is { } content)
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return await HttpDelivery.SendAsync(clients, request, options.Value.SendTimeout, ct);
    }

    /// <summary>The whole notification as JSON with snake_case names, times in UTC: the <c>$JSON</c> variable.</summary>
    public static string ToJson(Notification notification) => JsonSerializer.Serialize(notification, NotificationJson);

    /// <summary>
    /// Replaces the template variables in one pass, so that a value containing "$NAME" is not expanded again.
    /// </summary>
    internal static string Expand(string template, Notification n, DateTimeOffset now, TemplateEncoding encoding) =>
        VariablePattern().Replace(template, match =>
        {
            var name = match.Groups[1].Value;
            var value = name switch
            {
                "NAME" => n.CheckName,
                "STATUS" => n.Status,
                "REASON" => n.Reason,
                "NOW" => NotificationText.Iso(now),
                "SLUG" => n.Slug,
                "TAGS" => NotificationText.Tags(n),
                "CODE" => n.CheckUuid.ToString(),
                "MESSAGE" => n.Message ?? "",
                "SUMMARY" => n.Summary,
                _ => ToJson(n),
            };
            return encoding switch
            {
                TemplateEncoding.Url => Uri.EscapeDataString(value),
                TemplateEncoding.JsonString when name != "JSON" => HttpDelivery.Encoder.Encode(value),
                _ => value,
            };
        });

    private static StringContent Content(WebhookChannelConfig config, Notification n, DateTimeOffset now)
    {
        if (config.Body is null)
        {
            return new StringContent(ToJson(n), Encoding.UTF8, "application/json");
        }

        var contentType = config.Headers.GetValueOrDefault("Content-Type");
        var isJson = contentType is not null
            && MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            && mediaType.MediaType is { } media
            && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        var body = Expand(config.Body, n, now, isJson ? TemplateEncoding.JsonString : TemplateEncoding.Raw);
        return new StringContent(body, Encoding.UTF8, "text/plain");
    }

    // Longest alternatives need no care: no variable name is a prefix of another.
    [GeneratedRegex(@"\$(NAME|STATUS|REASON|NOW|SLUG|TAGS|CODE|MESSAGE|SUMMARY|JSON)")]
    private static partial Regex VariablePattern();

    /// <summary>Writes times as UTC ISO 8601 ("2025-03-04T14:00:00Z") whatever offset they carry.</summary>
    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime);
    }
}

/// <summary>How template values are written where they land.</summary>
internal enum TemplateEncoding
{
    /// <summary>As they are: a plain-text body.</summary>
    Raw,

    /// <summary>Percent-encoded: the URL.</summary>
    Url,

    /// <summary>Escaped for the inside of a JSON string, except <c>$JSON</c>: a JSON body.</summary>
    JsonString,
}
