using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stockbeat.Monitors;

/// <summary>A failed call to the management API, with a message a user can act on.</summary>
/// <param name="status">The server's answer, or null when there was none.</param>
internal sealed class ManagementApiException(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>The v3 management API over HTTP, as the CLI uses it: JSON in, JSON out, clear errors.</summary>
internal sealed class ManagementClient : IDisposable
{
    private readonly HttpClient _http;

    public ManagementClient(ServerConnection connection, HttpMessageHandler? handler = null)
    {
        Connection = connection;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = new Uri(connection.Url.TrimEnd('/') + "/");
        _http.Timeout = TimeSpan.FromSeconds(30);
        _http.DefaultRequestHeaders.Add("X-Api-Key", connection.ApiKey);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("stockbeat-cli", "1"));
    }

    public ServerConnection Connection { get; }

    public Task<JsonNode> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<JsonNode> PostAsync(string path, JsonObject body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, body, ct);

    public Task<JsonNode> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ManagementApiException($"cannot reach the Stockbeat server at {Connection.Url}: {e.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ManagementApiException($"the Stockbeat server at {Connection.Url} did not answer {method} /{path} within {_http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                return text.Length == 0 ? new JsonObject() : Parse(text, method, path);
            }

            var error = ErrorOf(text);
            throw new ManagementApiException(response.StatusCode switch
            {
                HttpStatusCode.Unauthorized =>
                    $"the server at {Connection.Url} refused the API key ({error}); give a read-write key with --api-key or STOCKBEAT_API_KEY",
                HttpStatusCode.NotFound when error is null =>
                    $"{Connection.Url} answered 404 to /{path}: is this a Stockbeat server (v3 API)?",
                _ => $"{method} /{path} failed: HTTP {(int)response.StatusCode}: {error ?? Truncate(text)}",
            }, response.StatusCode);
        }
    }

    private JsonNode Parse(string text, HttpMethod method, string path)
    {
        try
        {
            return JsonNode.Parse(text) ?? new JsonObject();
        }
        catch (JsonException)
        {
            throw new ManagementApiException($"{method} /{path}: {Connection.Url} did not answer JSON; is this a Stockbeat server?");
        }
    }

    private static string? ErrorOf(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["error"]?.ToString();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
