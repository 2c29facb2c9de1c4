using System.Net;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Api.ApiCalls;

namespace Stockbeat.Server.Tests.Api;

public sealed class ApiCorsTests
{
    [Theory]
    [InlineData("api/v3/checks/")]
    [InlineData("api/v3/checks/0b6a8a4e-0f7d-4c39-9a63-3f1b8f0c2d11/pause")]
    [InlineData("api/v3/channels/")]
    public async Task Preflight_Returns204WithCorsHeaders_WhenOptionsIsSentWithoutKey(string path)
    {
        await using var host = await StockbeatHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://dashboard.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "X-Api-Key");

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("X-Api-Key", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")),
            StringComparison.OrdinalIgnoreCase);
        Assert.Contains("POST", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Equal("600", Assert.Single(response.Headers.GetValues("Access-Control-Max-Age")));
    }

    [Fact]
    public async Task Get_AllowsAnyOrigin_WhenAnswerIsAnError()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await GetAsync(host.Client, "api/v3/checks/");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("*", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Get_AllowsAnyOrigin_WhenAnswerIsAList()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await GetAsync(host.Api, "api/v3/checks/");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("*", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
