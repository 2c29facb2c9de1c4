using System.Net;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Api;

public sealed class ApiStatusTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Status_ReturnsOk_WhenNoKeyIsSent(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);

        var answer = await GetAsync(host.Client, "api/v3/status");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("OK", answer.Text);
    }
}
