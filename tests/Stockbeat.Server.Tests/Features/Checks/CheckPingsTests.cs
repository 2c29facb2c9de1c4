using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckPingsTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Pings_ListsNewestFirstWithDuration_WhenFinishFollowsStart(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PingAsync($"ping/{uuid}/start");
        host.Time.Advance(TimeSpan.FromSeconds(90));
        await host.PingAsync($"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromSeconds(30));
        await host.PingAsync($"ping/{uuid}/log");

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var pings = answer.Json.GetProperty("pings").EnumerateArray().ToArray();
        Assert.Equal(["log", "success", "start"], pings.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal([3, 2, 1], pings.Select(p => p.GetProperty("n").GetInt32()));
        Assert.Equal(
            ["2026-01-15T10:02:00+00:00", "2026-01-15T10:01:30+00:00", "2026-01-15T10:00:00+00:00"],
            pings.Select(p => p.GetProperty("date").GetString()));
        Assert.Equal(90, pings[1].GetProperty("duration").GetDouble());
        Assert.False(HasValue(pings[0], "duration"));
        Assert.False(HasValue(pings[2], "duration"));
    }

    [Fact]
    public async Task Pings_DescribesRequest_WhenPingIsStored()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        var rid = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"ping/{uuid}/fail?rid={rid}");
        request.Headers.UserAgent.ParseAdd("backup-script/1.0");
        using var response = await host.Client.SendAsync(request, Ct);

        var ping = (await host.ListPingsAsync(uuid))[0];

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fail", ping.GetProperty("type").GetString());
        Assert.Equal("POST", ping.GetProperty("method").GetString());
        Assert.Equal("http", ping.GetProperty("scheme").GetString());
        Assert.Equal("127.0.0.1", ping.GetProperty("remote_addr").GetString());
        Assert.Equal("backup-script/1.0", ping.GetProperty("ua").GetString());
        Assert.Equal(rid.ToString(), ping.GetProperty("rid").GetString());
    }

    [Fact]
    public async Task Pings_ShowsBodyUrlOnlyForPingsWithBody()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PingAsync($"ping/{uuid}", "backup done: 42 files");
        await host.PingAsync($"ping/{uuid}");

        var pings = await host.ListPingsAsync(uuid);

        Assert.False(HasValue(pings[0], "body_url"));
        Assert.Equal($"{host.BaseUrl()}/api/v3/checks/{uuid}/pings/1/body", pings[1].GetProperty("body_url").GetString());
    }

    [Fact]
    public async Task PingBody_ReturnsStoredText_WhenPingHadBody()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PingAsync($"ping/{uuid}", "backup done: 42 files\nüñí");

        var body = await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/1/body");

        Assert.Equal(HttpStatusCode.OK, body.Status);
        Assert.Equal("backup done: 42 files\nüñí", body.Text);
        Assert.Equal("text/plain", body.ContentHeaders.ContentType?.MediaType);
    }

    [Theory]
    // The ping number is unknown.
    [InlineData("body", "2")]
    [InlineData("body", "999")]
    // The ping had no body.
    [InlineData(null, "1")]
    public async Task PingBody_Returns404_WhenPingHasNoStoredBody(string? body, string n)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PingAsync($"ping/{uuid}", body);

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/{n}/body");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }

    [Fact]
    public async Task PingBody_Returns400_WhenNumberIsNotAnInteger()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/abc/body");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task PingBody_Returns401_WhenKeyIsReadOnly()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PingAsync($"ping/{uuid}", "secret output");
        using var readOnly = host.ReadOnlyClient();

        var answer = await GetAsync(readOnly, $"api/v3/checks/{uuid}/pings/1/body");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.DoesNotContain("secret", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pings_HidesBodyUrl_WhenKeyIsReadOnly()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });
        await host.PingAsync($"ping/{uuid}", "secret output");
        using var readOnly = host.ReadOnlyClient();

        var answer = await GetAsync(readOnly, $"api/v3/checks/{uuid}/pings/");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var ping = Assert.Single(answer.Json.GetProperty("pings").EnumerateArray());
        Assert.False(HasValue(ping, "body_url"));
    }

    [Fact]
    public async Task Pings_ReturnsEmptyList_WhenCheckHasNoPings()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await host.CreateCheckUuidAsync(new { name = "job" });

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(JsonValueKind.Array, answer.Json.GetProperty("pings").ValueKind);
        Assert.Equal(0, answer.Json.GetProperty("pings").GetArrayLength());
    }

    [Fact]
    public async Task Pings_Returns404_WhenUuidIsUnknown()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await GetAsync(host.Api, $"api/v3/checks/{Guid.NewGuid()}/pings/");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }
}
