using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Stockbeat.Testing;

/// <summary>An HTTP answer read to the end: status, headers and body text.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string Text, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders)
{
    /// <summary>The body as JSON.</summary>
    public JsonElement Json => JsonSerializer.Deserialize<JsonElement>(Text);

    /// <summary>The <c>error</c> field of a Healthchecks error body.</summary>
    public string? Error => Json.GetProperty("error").GetString();

    /// <summary>Fails the test with the answer's body unless the status is <paramref name="expected"/>.</summary>
    public ApiAnswer Expect(HttpStatusCode expected, string what)
    {
        Assert.True(Status == expected, $"{what} answered {(int)Status}: {Text}");
        return this;
    }
}

/// <summary>
/// Raw HTTP calls through any client. Bodies go out as exact text with a Content-Length, as curl and Healthchecks'
/// clients send them, so that validation tests control every byte.
/// </summary>
public static class ApiCalls
{
    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static StringContent Json(object value) => Json(JsonSerializer.Serialize(value));

    public static async Task<ApiAnswer> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content = null)
    {
        var ct = TestCancellation.Ct;
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return new ApiAnswer(response.StatusCode, text, response.Headers, response.Content.Headers);
    }

    public static Task<ApiAnswer> GetAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Get, path);

    public static Task<ApiAnswer> DeleteAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Delete, path);

    public static Task<ApiAnswer> PostAsync(HttpClient client, string path, object body) =>
        SendAsync(client, HttpMethod.Post, path, Json(body));

    public static Task<ApiAnswer> PostRawAsync(HttpClient client, string path, string body) =>
        SendAsync(client, HttpMethod.Post, path, Json(body));

    /// <summary>The items of a list answer such as <c>{"checks": [...]}</c>.</summary>
    public static JsonElement[] Items(JsonElement list, string name) => [.. list.GetProperty(name).EnumerateArray()];

    /// <summary>Whether the object has the property and it is not null.</summary>
    public static bool HasValue(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;
}

/// <summary>The running test's cancellation token, for calls that take one.</summary>
public static class TestCancellation
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;
}
