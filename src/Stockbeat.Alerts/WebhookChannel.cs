using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stockbeat.Alerts;

/// <summary>Settings of a generic webhook channel, stored as the channel's JSON config.</summary>
/// <param name="Url">Absolute http(s) URL.</param>
/// <param name="Method">POST, PUT or GET.</param>
/// <param name="Headers">Extra request headers.</param>
public sealed record WebhookConfig(string Url, string Method, IReadOnlyDictionary<string, string> Headers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The config as stored.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a stored config.</summary>
    public static WebhookConfig FromJson(string json) =>
        JsonSerializer.Deserialize<WebhookConfig>(json, Json) ?? throw new FormatException("Empty webhook config.");

    /// <summary>Validates user input, naming the field that is wrong.</summary>
    public static bool TryCreate(
        string? url, string? method, IReadOnlyDictionary<string, string>? headers,
        [MaybeNullWhen(false)] out WebhookConfig config, [MaybeNullWhen(true)] out string error)
    {
        config = null;
        method = string.IsNullOrEmpty(method) ? "POST" : method.ToUpperInvariant();
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error = "url must be an absolute http or https URL";
            return false;
        }

        if (method is not ("POST" or "PUT" or "GET"))
        {
            error = "method must be POST, PUT or GET";
            return false;
        }

        config = new WebhookConfig(url, method, headers ?? new Dictionary<string, string>());
        error = null;
        return true;
    }
}

/// <summary>Sends alert events to a generic webhook as JSON.</summary>
public sealed class WebhookSender(IHttpClientFactory clients)
{
    /// <summary>The name of the <see cref="HttpClient"/> the sender is built with.</summary>
    public const string ClientName = "webhook";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Sends one event; returns null on a 2xx answer, else the receiver's error in words.</summary>
    public async Task<string?> SendAsync(WebhookConfig config, AlertEvent alert, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(config.Method), config.Url);
        if (config.Method != "GET")
        {
            request.Content = JsonContent.Create(alert, options: Json);
        }

        foreach (var (name, value) in config.Headers)
        {
            // Content-Type and friends belong to the content, not the request, in HttpClient's model.
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is { } content)
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var http = clients.CreateClient(ClientName);
        try
        {
            using var response = await http.SendAsync(request, ct);
            return response.IsSuccessStatusCode
                ? null
                : $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"timed out after {http.Timeout.TotalSeconds:0} s";
        }
    }
}
