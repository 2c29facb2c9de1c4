using System.Net;
using System.Text;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Features.Pings.PingTestApi;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>What a ping answers and what it records of its request: headers, body, user agent, address, scheme.</summary>
public sealed class PingRequestTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("PUT")]
    public async Task Ping_AnswersWithCompatibilityHeaders_WhenAccepted(string method)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        using var response = await SendAsync(host, method, $"ping/{uuid}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("10000", Assert.Single(response.Headers.GetValues("Ping-Body-Limit")));
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.True(response.Headers.CacheControl?.NoCache, $"Cache-Control: {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task Ping_AnswersConfiguredBodyLimit_WhenBodyLimitSet()
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:Ping:BodyLimit", "100");
        var uuid = await CreateMonitorAsync(host);

        using var response = await host.Client.GetAsync($"ping/{uuid}", Ct);

        Assert.Equal("100", Assert.Single(response.Headers.GetValues("Ping-Body-Limit")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/start")]
    [InlineData("/256")]
    public async Task Head_AnswersWithoutBody_WhenPinged(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        using var known = await SendAsync(host, "HEAD", $"ping/{uuid}{suffix}");
        using var unknown = await SendAsync(host, "HEAD", $"ping/{Guid.NewGuid()}{suffix}");

        Assert.Equal(suffix == "/256" ? HttpStatusCode.BadRequest : HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(await known.Content.ReadAsByteArrayAsync(Ct));
        Assert.Empty(await unknown.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("*", Assert.Single(known.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Ping_StoresBodyAndReportsBodyUrl_WhenBodySent()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        await host.PingAsync($"ping/{uuid}/fail", "disk full\n");

        var ping = Assert.Single(await host.ListPingsAsync(uuid));
        Assert.EndsWith($"/api/v3/checks/{uuid}/pings/1/body", ping.GetProperty("body_url").GetString());
        Assert.Equal("disk full\n"u8.ToArray(), await host.GetPingBodyAsync(uuid, 1));
    }

    [Fact]
    public async Task Ping_ReportsNoBodyUrl_WhenBodyEmpty()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        using var response = await host.Client.PostAsync($"ping/{uuid}", new ByteArrayContent([]), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ping = Assert.Single(await host.ListPingsAsync(uuid));
        Assert.Equal(JsonValueKind.Null, ping.GetProperty("body_url").ValueKind);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(1000)]
    public async Task Ping_TruncatesBodyToLimit_WhenBodyLongerThanLimit(int length)
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:Ping:BodyLimit", "100");
        var uuid = await CreateMonitorAsync(host);
        var body = Pattern(length);

        using var response = await host.Client.PostAsync($"ping/{uuid}", new ByteArrayContent(body), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Take(100), await host.GetPingBodyAsync(uuid, 1));
    }

    [Fact]
    public async Task Ping_TruncatesBodyToLimit_WhenBodyChunkedWithoutLength()
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:Ping:BodyLimit", "100");
        var uuid = await CreateMonitorAsync(host);
        var body = Pattern(5000);
        using var content = new StreamContent(new MemoryStream(body));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"ping/{uuid}") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Take(100), await host.GetPingBodyAsync(uuid, 1));
    }

    [Fact]
    public async Task Ping_Stores10000Bytes_WhenBodyIs2MegabytesWithDefaultLimit()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        var body = Pattern(2 * 1024 * 1024);

        using var response = await host.Client.PostAsync($"ping/{uuid}", new ByteArrayContent(body), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.Take(10_000), await host.GetPingBodyAsync(uuid, 1));
        // The connection stays usable: the rest of the body was drained, not left in the stream.
        await host.PingAsync($"ping/{uuid}");
    }

    [Fact]
    public async Task Ping_StoresNoBody_WhenBodyLimitZero()
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:Ping:BodyLimit", "0");
        var uuid = await CreateMonitorAsync(host);

        using var response = await host.Client.PostAsync($"ping/{uuid}", new StringContent("output"), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", Assert.Single(response.Headers.GetValues("Ping-Body-Limit")));
        Assert.Equal(JsonValueKind.Null, Assert.Single(await host.ListPingsAsync(uuid)).GetProperty("body_url").ValueKind);
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Ping_StoresBodyByteForByte_WhenBodyNotUtf8(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await CreateMonitorAsync(host);
        byte[] body = [0xFF, 0xFE, 0x00, 0x80];

        using var response = await host.Client.PostAsync($"ping/{uuid}/fail", new ByteArrayContent(body), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, Assert.Single(await host.ListPingsAsync(uuid)).GetProperty("body_url").ValueKind);
        Assert.Equal(body, await host.GetPingBodyAsync(uuid, 1));
    }

    [Fact]
    public async Task Ping_CutsUserAgentTo200Chars_WhenLonger()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        var userAgent = string.Concat(Enumerable.Range(0, 30).Select(i => $"agent/{i:D3} "));

        using var response = await SendAsync(host, "GET", $"ping/{uuid}", headers: new Dictionary<string, string>
        {
            ["User-Agent"] = userAgent,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(userAgent[..200], Assert.Single(await host.ListPingsAsync(uuid)).GetProperty("ua").GetString());
    }

    [Fact]
    public async Task Ping_StoresUserAgentWhole_WhenExactly200Chars()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        var userAgent = "curl/8.5.0 " + new string('x', 189);

        using var response = await SendAsync(host, "GET", $"ping/{uuid}", headers: new Dictionary<string, string>
        {
            ["User-Agent"] = userAgent,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(userAgent, Assert.Single(await host.ListPingsAsync(uuid)).GetProperty("ua").GetString());
    }

    // Healthchecks cuts the user agent to 200 characters (Python code points). A cut by UTF-16 units can
    // split a surrogate pair: SQLite then stores U+FFFD, and PostgreSQL's strict UTF-8 encoder throws, which
    // loses the ping (see PingRobustnessTests.Ping_Answers503AndKeepsIngesting_WhenStoreFailsOnce).
    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Ping_CutsUserAgentAtCharacterBoundary_WhenCutFallsInsideEmoji(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await CreateMonitorAsync(host);
        var kept = new string('a', 199) + "\U0001F680";
        using var client = ImpatientClient(host, new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 });
        using var request = new HttpRequestMessage(HttpMethod.Get, $"ping/{uuid}");
        Assert.True(request.Headers.TryAddWithoutValidation("User-Agent", kept + "bbb"));

        using var response = await SendOrTimeOutAsync(client, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(kept, Assert.Single(await host.ListPingsAsync(uuid)).GetProperty("ua").GetString());
    }

    /// <summary>
    /// The proxy the server trusts (none when null) and the <c>X-Forwarded-For</c> the ping carries, with
    /// <c>X-Forwarded-Proto: https</c> (neither header when null): in each case the forwarded headers are not trusted.
    /// </summary>
    [Theory]
    [InlineData(null, "203.0.113.7:5555, 10.0.0.1")] // no proxy trusted
    [InlineData("10.0.0.1", "203.0.113.7")] // another proxy trusted
    [InlineData("127.0.0.1", null)] // the trusted proxy sends no X-Forwarded-For
    public async Task Ping_RecordsPeerAddressAndScheme_WhenNoTrustedProxyForwards(string? trustedProxy, string? forwardedFor)
    {
        await using var host = trustedProxy is null
            ? await StockbeatHost.StartAsync()
            : await StockbeatHost.StartWithAsync("Stockbeat:Ping:TrustedProxies:0", trustedProxy);
        var uuid = await CreateMonitorAsync(host);
        var headers = forwardedFor is null ? null : new Dictionary<string, string>
        {
            ["X-Forwarded-For"] = forwardedFor,
            ["X-Forwarded-Proto"] = "https",
        };

        using var response = await SendAsync(host, "GET", $"ping/{uuid}", headers: headers);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ping = Assert.Single(await host.ListPingsAsync(uuid));
        Assert.Equal("127.0.0.1", ping.GetProperty("remote_addr").GetString());
        Assert.Equal("http", ping.GetProperty("scheme").GetString());
    }

    [Theory]
    [InlineData("203.0.113.7:5555, 10.0.0.1", "203.0.113.7")]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData(" 203.0.113.7 ,10.0.0.1,10.0.0.2", "203.0.113.7")]
    [InlineData("2001:db8::7", "2001:db8::7")]
    [InlineData("[2001:db8::7]:5555, 10.0.0.1", "2001:db8::7")]
    public async Task Ping_RecordsFirstForwardedAddress_WhenProxyTrusted(string forwardedFor, string expected)
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:Ping:TrustedProxies:0", "127.0.0.1");
        var uuid = await CreateMonitorAsync(host);

        using var response = await SendAsync(host, "GET", $"ping/{uuid}", headers: new Dictionary<string, string>
        {
            ["X-Forwarded-For"] = forwardedFor,
            ["X-Forwarded-Proto"] = "https",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ping = Assert.Single(await host.ListPingsAsync(uuid));
        Assert.Equal(expected, ping.GetProperty("remote_addr").GetString());
        Assert.Equal("https", ping.GetProperty("scheme").GetString());
    }

    // Bytes 0..250 repeated: position-dependent, so a shifted or reordered prefix would not compare equal.
    private static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i % 251))];
}
