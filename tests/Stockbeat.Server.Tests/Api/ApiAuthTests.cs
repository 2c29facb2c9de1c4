using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Api;

public sealed class ApiAuthTests
{
    [Theory]
    [InlineData("api/v3/checks/")]
    [InlineData("api/v3/channels/")]
    public async Task List_Returns401MissingApiKey_WhenNoKeyIsSent(string path)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await GetAsync(host.Client, path);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("missing api key", answer.Error);
    }

    [Fact]
    public async Task List_Returns401WrongApiKey_WhenKeyIsUnknown()
    {
        await using var host = await StockbeatHost.StartAsync();
        using var client = host.ClientWithKey("not-a-key-of-this-server-000001");

        var answer = await GetAsync(client, "api/v3/checks/");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("wrong api key", answer.Error);
    }

    [Fact]
    public async Task Create_Returns401MissingApiKey_WhenBodyHasNoKeyAndHeaderIsAbsent()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Client, "api/v3/checks/", new { name = "no key" });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("missing api key", answer.Error);
    }

    [Fact]
    public async Task Create_AcceptsKeyFromJsonBody_WhenHeaderIsAbsent()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Client, "api/v3/checks/", new { api_key = StockbeatHost.ApiKey, name = "key in body" });

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal("key in body", answer.Json.GetProperty("name").GetString());
        Assert.Single(await host.ListChecksAsync());
    }

    [Fact]
    public async Task Create_AcceptsKeyFromJsonBody_WhenBodyIsSentChunked()
    {
        // Clients that stream JSON (HttpClient.PostAsJsonAsync, many HTTP libraries) send no Content-Length.
        await using var host = await StockbeatHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v3/checks/")
        {
            Content = Json(new { api_key = StockbeatHost.ApiKey, name = "chunked" }),
        };
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_Returns401WrongApiKey_WhenBodyKeyIsReadOnly()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Client, "api/v3/checks/", new { api_key = StockbeatHost.ReadOnlyApiKey, name = "x" });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("wrong api key", answer.Error);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Fact]
    public async Task List_ShowsUniqueKeyWithoutUuidOrUrls_WhenKeyIsReadOnly()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "nightly", tags = "prod" });
        using var readOnly = host.ReadOnlyClient();

        var answer = await GetAsync(readOnly, "api/v3/checks/");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var check = Assert.Single(answer.Json.GetProperty("checks").EnumerateArray());
        Assert.Equal("nightly", check.GetProperty("name").GetString());
        Assert.Matches("^[0-9a-f]{40}$", check.GetProperty("unique_key").GetString());
        foreach (var hidden in new[] { "uuid", "ping_url", "update_url", "pause_url", "resume_url", "channels" })
        {
            Assert.False(check.TryGetProperty(hidden, out _), $"read-only JSON has '{hidden}'");
        }
    }

    [Fact]
    public async Task Get_ReturnsCheckWithoutUuid_WhenReadOnlyKeyAsksByUniqueKey()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "nightly" });
        using var readOnly = host.ReadOnlyClient();
        var listed = (await GetAsync(readOnly, "api/v3/checks/")).Json.GetProperty("checks")[0];
        var uniqueKey = listed.GetProperty("unique_key").GetString();

        var answer = await GetAsync(readOnly, $"api/v3/checks/{uniqueKey}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("nightly", answer.Json.GetProperty("name").GetString());
        Assert.Equal(uniqueKey, answer.Json.GetProperty("unique_key").GetString());
        Assert.False(answer.Json.TryGetProperty("uuid", out _));
        Assert.False(answer.Json.TryGetProperty("ping_url", out _));
    }

    [Fact]
    public async Task Get_HidesUuid_WhenReadOnlyKeyAsksByUuid()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "nightly" });
        using var readOnly = host.ReadOnlyClient();

        var answer = await GetAsync(readOnly, $"api/v3/checks/{uuid}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.False(answer.Json.TryGetProperty("uuid", out _));
        Assert.True(answer.Json.TryGetProperty("unique_key", out _));
    }

    [Theory]
    [InlineData("POST", "api/v3/checks/")]
    [InlineData("POST", "api/v3/checks/{uuid}")]
    [InlineData("DELETE", "api/v3/checks/{uuid}")]
    [InlineData("POST", "api/v3/checks/{uuid}/pause")]
    [InlineData("POST", "api/v3/checks/{uuid}/resume")]
    public async Task WriteEndpoint_Returns401WrongApiKey_WhenKeyIsReadOnly(string method, string path)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "original" });
        using var readOnly = host.ReadOnlyClient();

        var answer = await SendAsync(readOnly, new HttpMethod(method), path.Replace("{uuid}", uuid, StringComparison.Ordinal),
            Json(new { name = "changed" }));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("wrong api key", answer.Error);
        var check = Assert.Single(await host.ListChecksAsync());
        Assert.Equal("original", check.GetProperty("name").GetString());
        Assert.Equal("new", check.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("GET", "api/v3/checks/{uuid}")]
    [InlineData("POST", "api/v3/checks/{uuid}")]
    [InlineData("DELETE", "api/v3/checks/{uuid}")]
    [InlineData("POST", "api/v3/checks/{uuid}/pause")]
    [InlineData("POST", "api/v3/checks/{uuid}/resume")]
    [InlineData("GET", "api/v3/checks/{uuid}/pings/")]
    [InlineData("GET", "api/v3/checks/{uuid}/flips/")]
    public async Task CheckEndpoint_Returns403_WhenCheckBelongsToAnotherProject(string method, string path)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "ours" });
        using var other = await host.OtherProjectClientAsync();

        var answer = await SendAsync(other, new HttpMethod(method), path.Replace("{uuid}", uuid, StringComparison.Ordinal),
            Json(new { name = "theirs" }));

        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        var check = await host.GetCheckAsync(uuid);
        Assert.Equal("ours", check.GetProperty("name").GetString());
        Assert.Equal("new", check.GetProperty("status").GetString());
    }

    [Fact]
    public async Task List_ShowsOnlyOwnChecks_WhenKeyBelongsToAnotherProject()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "ours" });
        using var other = await host.OtherProjectClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(other, "api/v3/checks/", new { name = "theirs" })).Status);

        var theirs = await GetAsync(other, "api/v3/checks/");
        var ours = await host.ListChecksAsync();

        var only = Assert.Single(theirs.Json.GetProperty("checks").EnumerateArray());
        Assert.Equal("theirs", only.GetProperty("name").GetString());
        Assert.Equal("ours", Assert.Single(ours).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Get_Returns404_WhenUniqueKeyBelongsToAnotherProject()
    {
        await using var host = await StockbeatHost.StartAsync();
        await host.CreateCheckAsync(new { name = "ours" });
        using var readOnly = host.ReadOnlyClient();
        var uniqueKey = (await GetAsync(readOnly, "api/v3/checks/")).Json.GetProperty("checks")[0].GetProperty("unique_key").GetString();
        using var other = await host.OtherProjectClientAsync();

        var answer = await GetAsync(other, $"api/v3/checks/{uniqueKey}");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task CheckEndpoint_Returns404NotFound_WhenUuidIsUnknown(string method)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await SendAsync(host.Api, new HttpMethod(method), $"api/v3/checks/{Guid.NewGuid()}", Json(new { name = "x" }));

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("not found", answer.Error);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("12345")]
    [InlineData("0123456789abcdef0123456789abcdef0123456")]
    public async Task Get_Returns400_WhenIdIsMalformed(string id)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await GetAsync(host.Api, $"api/v3/checks/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(JsonValueKind.String, answer.Json.GetProperty("error").ValueKind);
    }
}
