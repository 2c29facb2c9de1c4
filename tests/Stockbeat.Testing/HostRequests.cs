using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace Stockbeat.Testing;

/// <summary>The requests most tests start with, through the real HTTP API.</summary>
public static class HostRequests
{
    /// <summary>Creates a monitor through <c>POST /api/v3/checks/</c> and returns its uuid.</summary>
    public static async Task<Guid> CreateCheckAsync(this StockbeatHost host, object spec)
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await host.Api.PostAsJsonAsync("api/v3/checks/", spec, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return Guid.Parse(json.GetProperty("uuid").GetString()!);
    }

    /// <summary>Sends a GET ping to <paramref name="path"/> (relative, e.g. <c>ping/{uuid}/start</c>) and expects 200.</summary>
    public static async Task PingAsync(this StockbeatHost host, string path)
    {
        var response = await host.Client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
