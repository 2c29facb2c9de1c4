using System.Net;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Api;

public sealed class ApiBodyTests
{
    private const int Limit = 64 * 1024;

    private const string NotAnObject = "json validation error: value is not an object";
    private const string CouldNotParse = "could not parse request body";

    [Theory]
    // JSON, but not an object.
    [InlineData("[]", NotAnObject)]
    [InlineData("\"text\"", NotAnObject)]
    [InlineData("42", NotAnObject)]
    [InlineData("null", NotAnObject)]
    // Not JSON at all.
    [InlineData("{not json", CouldNotParse)]
    [InlineData("{\"name\": \"x\"", CouldNotParse)]
    [InlineData("{\"name\": 'x'}", CouldNotParse)]
    public async Task Create_Returns400AndStoresNothing_WhenBodyIsNotAJsonObject(string body, string error)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(error, answer.Error);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Fact]
    public async Task Create_Returns201WithDefaults_WhenBodyIsEmpty()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await SendAsync(host.Api, HttpMethod.Post, "api/v3/checks/");

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal(86400, answer.Json.GetProperty("timeout").GetInt64());
        Assert.Equal(3600, answer.Json.GetProperty("grace").GetInt64());
    }

    [Fact]
    public async Task Create_Returns413_WhenBodyIsOver64KiB()
    {
        await using var host = await StockbeatHost.StartAsync();
        var body = $$"""{"name": "big", "desc": "{{new string('x', Limit)}}"}""";

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.Status);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Fact]
    public async Task Create_Returns413_WhenChunkedBodyGrowsOver64KiB()
    {
        await using var host = await StockbeatHost.StartAsync();
        var body = $$"""{"name": "big", "desc": "{{new string('x', Limit)}}"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v3/checks/") { Content = Json(body) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Api.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Fact]
    public async Task Create_Returns201_WhenBodyIsExactly64KiB()
    {
        await using var host = await StockbeatHost.StartAsync();
        var json = """{"name": "big", "desc": "long"}""";
        var body = json[..^1] + new string(' ', Limit - json.Length) + "}";

        var answer = await PostRawAsync(host.Api, "api/v3/checks/", body);

        Assert.Equal(Limit, body.Length);
        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }
}
