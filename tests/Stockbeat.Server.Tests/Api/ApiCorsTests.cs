using System.Net;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

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

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("X-Api-Key", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")),
            StringComparison.OrdinalIgnoreCase);
        Assert.Contains("POST", string.Join(',', response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Equal("600", Assert.Single(response.Headers.GetValues("Access-Control-Max-Age")));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Unauthorized)] // an error: no key
    [InlineData(true, HttpStatusCode.OK)] // a list
    public async Task Get_AllowsAnyOrigin_WhenAnswerIsAnErrorOrAList(bool withKey, HttpStatusCode status)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await GetAsync(withKey ? host.Api : host.Client, "api/v3/checks/");

        Assert.Equal(status, answer.Status);
        Assert.Equal("*", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
