using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Api.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Checks;

public sealed class CheckPingsTests
{
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Pings_ListsNewestFirstWithDuration_WhenFinishFollowsStart(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });
        await SendPingAsync(host, $"ping/{uuid}/start");
        host.Time.Advance(TimeSpan.FromSeconds(90));
        await SendPingAsync(host, $"ping/{uuid}");
        host.Time.Advance(TimeSpan.FromSeconds(30));
        await SendPingAsync(host, $"ping/{uuid}/log");

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
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });
        var rid = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"ping/{uuid}/fail?rid={rid}");
        request.Headers.UserAgent.ParseAdd("backup-script/1.0");
        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var ping = (await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/")).Json.GetProperty("pings")[0];

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
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });
        await SendPingAsync(host, $"ping/{uuid}", "backup done: 42 files");
        await SendPingAsync(host, $"ping/{uuid}");

        var pings = (await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/")).Json.GetProperty("pings");

        Assert.False(HasValue(pings[0], "body_url"));
        Assert.Equal($"{BaseUrl(host)}/api/v3/checks/{uuid}/pings/1/body", pings[1].GetProperty("body_url").GetString());
    }

    [Fact]
    public async Task PingBody_ReturnsStoredText_WhenPingHadBody()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });
        await SendPingAsync(host, $"ping/{uuid}", "backup done: 42 files\nüñí");

        var body = await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/1/body");

        Assert.Equal(HttpStatusCode.OK, body.Status);
        Assert.Equal("backup done: 42 files\nüñí", body.Text);
        Assert.Equal("text/plain", body.ContentHeaders.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("999")]
    public async Task PingBody_Returns404_WhenPingNumberIsUnknown(string n)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });
        await SendPingAsync(host, $"ping/{uuid}", "body");

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/{n}/body");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }

    [Fact]
    public async Task PingBody_Returns404_WhenPingHadNoBody()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });
        await SendPingAsync(host, $"ping/{uuid}");

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/1/body");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
    }

    [Fact]
    public async Task PingBody_Returns400_WhenNumberIsNotAnInteger()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });

        var answer = await GetAsync(host.Api, $"api/v3/checks/{uuid}/pings/abc/body");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task PingBody_Returns401_WhenKeyIsReadOnly()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });
        await SendPingAsync(host, $"ping/{uuid}", "secret output");
        using var readOnly = ClientWithKey(host, StockbeatHost.ReadOnlyApiKey);

        var answer = await GetAsync(readOnly, $"api/v3/checks/{uuid}/pings/1/body");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.DoesNotContain("secret", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pings_HidesBodyUrl_WhenKeyIsReadOnly()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });
        await SendPingAsync(host, $"ping/{uuid}", "secret output");
        using var readOnly = ClientWithKey(host, StockbeatHost.ReadOnlyApiKey);

        var answer = await GetAsync(readOnly, $"api/v3/checks/{uuid}/pings/");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var ping = Assert.Single(answer.Json.GetProperty("pings").EnumerateArray());
        Assert.False(HasValue(ping, "body_url"));
    }

    [Fact]
    public async Task Pings_ReturnsEmptyList_WhenCheckHasNoPings()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateCheckUuidAsync(host, new { name = "job" });

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
