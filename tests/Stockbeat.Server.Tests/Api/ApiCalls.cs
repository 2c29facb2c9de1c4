using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Stockbeat.Storage;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Api;

/// <summary>An HTTP answer read to the end: status, headers and body text.</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, string Text, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    /// <summary>The body as JSON.</summary>
    public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Text);

    /// <summary>The <c>error</c> field of a Healthchecks error body.</summary>
    public string? Error => Json.GetProperty("error").GetString();
}

/// <summary>
/// Raw calls to the management API. Bodies go out as exact text with a Content-Length, as curl and Healthchecks'
/// clients send them, so that validation tests control every byte.
/// </summary>
internal static class ApiCalls
{
    public const string OtherProjectKey = "test-other-project-api-key-0001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static StringContent Json(object value) => Json(JsonSerializer.Serialize(value));

    public static async Task<ApiAnswer> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return new ApiAnswer(response.StatusCode, text, response.Headers, response.Content.Headers);
    }

    public static Task<ApiAnswer> GetAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Get, path);

    public static Task<ApiAnswer> DeleteAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Delete, path);

    public static Task<ApiAnswer> PostAsync(HttpClient client, string path, object body) =>
        SendAsync(client, HttpMethod.Post, path, Json(body));

    public static Task<ApiAnswer> PostRawAsync(HttpClient client, string path, string body) =>
        SendAsync(client, HttpMethod.Post, path, Json(body));

    /// <summary>Creates a monitor with the read-write key and returns its JSON; fails the test unless the answer is 201.</summary>
    public static async Task<JsonElement> CreateCheckAsync(StockbeatHost host, object spec)
    {
        var answer = await PostAsync(host.Api, "api/v3/checks/", spec);
        Assert.True(answer.Status == HttpStatusCode.Created, $"create answered {(int)answer.Status}: {answer.Text}");
        return answer.Json;
    }

    /// <summary>Creates a monitor and returns its uuid.</summary>
    public static async Task<string> CreateCheckUuidAsync(StockbeatHost host, object spec) =>
        (await CreateCheckAsync(host, spec)).GetProperty("uuid").GetString()!;

    /// <summary>GET <c>/api/v3/checks/{id}</c> with the read-write key; fails the test unless the answer is 200.</summary>
    public static async Task<JsonElement> GetCheckAsync(StockbeatHost host, string id)
    {
        var answer = await GetAsync(host.Api, $"api/v3/checks/{id}");
        Assert.True(answer.Status == HttpStatusCode.OK, $"get answered {(int)answer.Status}: {answer.Text}");
        return answer.Json;
    }

    /// <summary>The monitors the read-write key lists.</summary>
    public static async Task<JsonElement[]> ListChecksAsync(StockbeatHost host, string query = "")
    {
        var answer = await GetAsync(host.Api, $"api/v3/checks/{query}");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return [.. answer.Json.GetProperty("checks").EnumerateArray()];
    }

    /// <summary>Sends a ping (GET, or POST when there is a body) and expects 200.</summary>
    public static async Task SendPingAsync(StockbeatHost host, string path, string? body = null)
    {
        var answer = body is null
            ? await GetAsync(host.Client, path)
            : await SendAsync(host.Client, HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, "text/plain"));
        Assert.True(answer.Status == HttpStatusCode.OK, $"ping {path} answered {(int)answer.Status}: {answer.Text}");
    }

    /// <summary>A client that sends <paramref name="key"/> in <c>X-Api-Key</c>; the caller disposes it.</summary>
    public static HttpClient ClientWithKey(StockbeatHost host, string key)
    {
        var client = new HttpClient { BaseAddress = host.Address };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>Creates a second project with a read-write key and returns a client that uses it.</summary>
    public static async Task<HttpClient> OtherProjectClientAsync(StockbeatHost host)
    {
        var now = host.Time.GetUtcNow();
        var projectId = await host.Store.CreateProjectAsync("other", now, Ct);
        await host.Store.AddApiKeyAsync(projectId, "other", KeyHash.Of(OtherProjectKey), isReadOnly: false, now, Ct);
        return ClientWithKey(host, OtherProjectKey);
    }

    /// <summary>The base URL the server builds links from when no public URL is configured.</summary>
    public static string BaseUrl(StockbeatHost host) => host.Address.ToString().TrimEnd('/');

    /// <summary>Whether the object has the property and it is not null.</summary>
    public static bool HasValue(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
}
