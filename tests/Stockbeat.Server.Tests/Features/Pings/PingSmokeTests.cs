using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stockbeat.Testing;

namespace Stockbeat.Server.Tests.Features.Pings;

public sealed class PingSmokeTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Ping_MarksMonitorUp_WhenCreatedThroughApi(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var created = await host.Api.PostAsJsonAsync("api/v3/checks/", new { name = "ERP to Amazon", timeout = 900, grace = 300 },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var check = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var uuid = check.GetProperty("uuid").GetString();

        var ping = await host.Client.GetAsync($"ping/{uuid}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        Assert.Equal("OK", await ping.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var after = await host.Api.GetFromJsonAsync<JsonElement>($"api/v3/checks/{uuid}", TestContext.Current.CancellationToken);
        Assert.Equal("up", after.GetProperty("status").GetString());
        Assert.Equal(1, after.GetProperty("n_pings").GetInt32());
        Assert.Equal("erp-to-amazon", after.GetProperty("slug").GetString());
    }
}
