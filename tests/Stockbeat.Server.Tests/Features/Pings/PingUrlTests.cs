using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Features.Pings.PingTestApi;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>The ping URL forms of Healthchecks: uuid and slug URLs, their suffixes, and the errors in order.</summary>
public sealed class PingUrlTests
{
    private const string KnownSlug = "erp-sync";

    /// <summary>Suffix after the monitor, the ping type it stores, its exit status and the monitor's status after it.</summary>
    public static TheoryData<string, string, int?, string> Suffixes => new()
    {
        // Plain pings, with and without the trailing slash.
        { "", "success", null, "up" },
        { "/", "success", null, "up" },

        // Named suffixes.
        { "/start", "start", null, "new" },
        { "/fail", "fail", null, "down" },
        { "/log", "log", null, "new" },

        // Exit statuses: 0 is a success, anything else up to 255 a failure.
        { "/0", "success", 0, "up" },
        { "/1", "fail", 1, "down" },
        { "/255", "fail", 255, "down" },
    };

    [Theory]
    [MemberData(nameof(Suffixes))]
    public async Task Ping_StoresKindAndExitStatus_WhenUuidUrlHasSuffix(string suffix, string type, int? exitStatus, string status)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        using var response = await host.Client.GetAsync($"ping/{uuid}{suffix}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync(Ct));
        await AssertSinglePingAsync(host, uuid, type, exitStatus, status);
    }

    [Theory]
    [MemberData(nameof(Suffixes))]
    public async Task Ping_StoresKindAndExitStatus_WhenSlugUrlHasSuffix(string suffix, string type, int? exitStatus, string status)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, KnownSlug);

        using var response = await host.Client.GetAsync($"ping/{StockbeatHost.PingKey}/{KnownSlug}{suffix}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("OK", await response.Content.ReadAsStringAsync(Ct));
        await AssertSinglePingAsync(host, uuid, type, exitStatus, status);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("TRACE")]
    [InlineData("PROPFIND")]
    public async Task Ping_StoresMethod_WhenSentWithAnyHttpMethod(string method)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        using var response = await SendAsync(host, method, $"ping/{uuid}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ping = Assert.Single(await host.ListPingsAsync(uuid));
        Assert.Equal(method, ping.GetProperty("method").GetString());
        Assert.Equal("success", ping.GetProperty("type").GetString());
        Assert.Equal("up", (await host.GetCheckAsync(uuid)).GetProperty("status").GetString());
    }

    // A browser sends OPTIONS before a cross-origin POST ping; it is answered for CORS and is not a ping.
    [Fact]
    public async Task Options_AnswersPreflightAndStoresNothing_WhenMonitorExists()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        using var response = await SendAsync(host, "OPTIONS", $"ping/{uuid}", headers: new Dictionary<string, string>
        {
            ["Origin"] = "https://example.com",
            ["Access-Control-Request-Method"] = "POST",
        });

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        await AssertNothingStoredAsync(host, uuid);
    }

    [Theory]
    [InlineData("256")]
    [InlineData("999")]
    [InlineData("1000")]
    [InlineData("99999999999999999999999")]
    public async Task Ping_Returns400InvalidUrlFormat_WhenExitStatusAbove255(string code)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, KnownSlug);

        await AssertAnswersAsync(host, HttpStatusCode.BadRequest, "invalid url format",
            $"ping/{uuid}/{code}", $"ping/{StockbeatHost.PingKey}/{KnownSlug}/{code}");

        await AssertNothingStoredAsync(host, uuid);
    }

    // Healthchecks routes exit statuses with Django's <int:…> converter ([0-9]+, then int()), so leading
    // zeros are just a number: /0001 is exit status 1, /0256 is above 255.
    [Theory]
    [InlineData("000", "success", 0)]
    [InlineData("0000", "success", 0)]
    [InlineData("0001", "fail", 1)]
    [InlineData("00255", "fail", 255)]
    public async Task Ping_StoresExitStatus_WhenCodeHasLeadingZeros(string code, string type, int exitStatus)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        await host.PingAsync($"ping/{uuid}/{code}");

        var ping = Assert.Single(await host.ListPingsAsync(uuid));
        Assert.Equal(type, ping.GetProperty("type").GetString());
        Assert.Equal(exitStatus, ping.GetProperty("exitstatus").GetInt32());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/start")]
    [InlineData("/fail")]
    [InlineData("/log")]
    [InlineData("/0")]
    // An unknown monitor answers 404 before its exit status is judged.
    [InlineData("/256")]
    public async Task Ping_Returns404NotFound_WhenUuidUnknown(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        await AssertAnswersAsync(host, HttpStatusCode.NotFound, "not found", $"ping/{Guid.NewGuid()}{suffix}");

        await AssertNothingStoredAsync(host, uuid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/start")]
    [InlineData("/1")]
    public async Task Ping_Returns404_WhenUuidUpperCase(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        await AssertAnswersAsync(host, HttpStatusCode.NotFound, text: null, $"ping/{uuid.ToUpperInvariant()}{suffix}");

        await AssertNothingStoredAsync(host, uuid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/start")]
    [InlineData("/fail")]
    [InlineData("/log")]
    [InlineData("/0")]
    [InlineData("/256")]
    public async Task Ping_Returns404NotFound_WhenPingKeyWrong(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, KnownSlug);

        await AssertAnswersAsync(host, HttpStatusCode.NotFound, "not found",
            $"ping/wrongpingkey0000000001/{KnownSlug}{suffix}", $"ping/{StockbeatHost.PingKey.ToUpperInvariant()}/{KnownSlug}{suffix}");

        await AssertNothingStoredAsync(host, uuid);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/start")]
    [InlineData("/256")]
    public async Task Ping_Returns404NotFound_WhenSlugUnknown(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, KnownSlug);

        await AssertAnswersAsync(host, HttpStatusCode.NotFound, "not found", $"ping/{StockbeatHost.PingKey}/other-job{suffix}");

        await AssertNothingStoredAsync(host, uuid);
        Assert.Single(await host.ListChecksAsync());
    }

    [Theory]
    [InlineData("ERP-sync", "")]
    [InlineData("Erp-Sync", "/start")]
    [InlineData("ERP-SYNC", "/fail")]
    public async Task Ping_Returns400InvalidUrlFormat_WhenSlugHasUpperCase(string slug, string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host, KnownSlug);

        await AssertAnswersAsync(host, HttpStatusCode.BadRequest, "invalid url format", $"ping/{StockbeatHost.PingKey}/{slug}{suffix}?create=1");

        await AssertNothingStoredAsync(host, uuid);
        Assert.Single(await host.ListChecksAsync());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Ping_Returns409AmbiguousSlug_WhenTwoMonitorsShareSlug(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var first = await host.CreateCheckUuidAsync(new { name = "first", slug = KnownSlug, timeout = 900, grace = 300 });
        var second = await host.CreateCheckUuidAsync(new { name = "second", slug = KnownSlug, timeout = 900, grace = 300 });

        await AssertAnswersAsync(host, HttpStatusCode.Conflict, "ambiguous slug",
            $"ping/{StockbeatHost.PingKey}/{KnownSlug}", $"ping/{StockbeatHost.PingKey}/{KnownSlug}/start?create=1");

        await AssertNothingStoredAsync(host, first);
        await AssertNothingStoredAsync(host, second);
        Assert.Equal(2, (await host.ListChecksAsync()).Length);
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Ping_Returns201AndCreatesMonitor_WhenCreateFlagOnUnknownSlug(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);

        using var response = await host.Client.GetAsync($"ping/{StockbeatHost.PingKey}/nightly-backup?create=1", Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("Created", await response.Content.ReadAsStringAsync(Ct));
        var monitor = Assert.Single(await host.ListChecksAsync());
        Assert.Equal("nightly-backup", monitor.GetProperty("name").GetString());
        Assert.Equal("nightly-backup", monitor.GetProperty("slug").GetString());
        Assert.Equal(86400, monitor.GetProperty("timeout").GetInt64());
        Assert.Equal(3600, monitor.GetProperty("grace").GetInt64());
        Assert.Equal(1, monitor.GetProperty("n_pings").GetInt32());
        Assert.Equal("up", monitor.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ping_Returns200AndCreatesNoSecondMonitor_WhenCreateFlagOnExistingSlug()
    {
        await using var host = await StockbeatHost.StartAsync();
        using var first = await host.Client.GetAsync($"ping/{StockbeatHost.PingKey}/nightly-backup/start?create=1", Ct);

        using var second = await host.Client.GetAsync($"ping/{StockbeatHost.PingKey}/nightly-backup?create=1", Ct);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("OK", await second.Content.ReadAsStringAsync(Ct));
        var monitor = Assert.Single(await host.ListChecksAsync());
        var pings = await host.ListPingsAsync(monitor.GetProperty("uuid").GetString()!);
        Assert.Equal(["success", "start"], pings.Select(p => p.GetProperty("type").GetString()));
    }

    [Theory]
    [InlineData("?create=1")]
    [InlineData("/start?create=1")]
    public async Task Ping_CreatesNothing_WhenCreateFlagOnUuidUrl(string suffix)
    {
        await using var host = await StockbeatHost.StartAsync();

        using var response = await host.Client.GetAsync($"ping/{Guid.NewGuid()}{suffix}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Theory]
    [InlineData("?create=true")]
    [InlineData("?create=0")]
    [InlineData("?create")]
    public async Task Ping_Returns404AndCreatesNothing_WhenCreateFlagIsNotOne(string query)
    {
        await using var host = await StockbeatHost.StartAsync();

        using var response = await host.Client.GetAsync($"ping/{StockbeatHost.PingKey}/nightly-backup{query}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Fact]
    public async Task Ping_Returns404AndCreatesNothing_WhenCreateFlagWithWrongPingKey()
    {
        await using var host = await StockbeatHost.StartAsync();

        using var response = await host.Client.GetAsync("ping/wrongpingkey0000000001/nightly-backup?create=1", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await host.ListChecksAsync());
    }

    private static async Task AssertSinglePingAsync(StockbeatHost host, string uuid, string type, int? exitStatus, string status)
    {
        var ping = Assert.Single(await host.ListPingsAsync(uuid));
        Assert.Equal(type, ping.GetProperty("type").GetString());
        Assert.Equal(1, ping.GetProperty("n").GetInt64());
        var stored = ping.GetProperty("exitstatus");
        Assert.Equal(exitStatus, stored.ValueKind == JsonValueKind.Null ? null : stored.GetInt32());
        var monitor = await host.GetCheckAsync(uuid);
        Assert.Equal(status, monitor.GetProperty("status").GetString());
        Assert.Equal(1, monitor.GetProperty("n_pings").GetInt32());
    }

    private static async Task AssertNothingStoredAsync(StockbeatHost host, string uuid)
    {
        Assert.Empty(await host.ListPingsAsync(uuid));
        Assert.Equal(0, (await host.GetCheckAsync(uuid)).GetProperty("n_pings").GetInt32());
    }
}
