using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Stockbeat.Storage;
using Stockbeat.Testing;
using static Stockbeat.Server.Tests.Features.Pings.PingTestApi;

namespace Stockbeat.Server.Tests.Features.Pings;

/// <summary>Malformed requests are answered as client errors, never 500; a full queue is answered 503.</summary>
public sealed class PingRobustnessTests
{
    private const string Uuid = "{uuid}";

    /// <summary>Request paths and queries; <c>{uuid}</c> stands for an existing monitor.</summary>
    public static TheoryData<string> JunkTargets => new()
    {
        // Empty and degenerate paths.
        "ping", "ping/", "ping//", "ping///", "ping/%2F", "ping/{uuid}//", "ping/{uuid}/start/extra",
        "ping/a/b/c/d", "ping/./.", "ping/%2e%2e/%2e%2e",

        // Null bytes and control characters, encoded.
        "ping/%00", "ping/{uuid}/%00", "ping/abc%00def/start", "ping/%0d%0a", "ping/{uuid}%00",

        // Suffixes that are almost numbers.
        "ping/{uuid}/-1", "ping/{uuid}/+1", "ping/{uuid}/1.5", "ping/{uuid}/0x1", "ping/{uuid}/1e3",
        "ping/{uuid}/%20", "ping/{uuid}/%D9%A1", "ping/{uuid}/" + new string('9', 100), "ping/{uuid}/" + new string('0', 101),

        // Non-ASCII and oversized segments.
        "ping/%C3%A9", "ping/%FF%FE", "ping/%F0%9F%9A%80/%F0%9F%9A%80", "ping/" + new string('a', 5000),
        "ping/" + new string('a', 22) + "/" + new string('b', 5000), "ping/" + string.Join('/', Enumerable.Repeat("x", 2000)),
        "ping/{uuid}" + new string('f', 5000),

        // Queries with junk.
        "ping/{uuid}?rid=%ZZ", "ping/{uuid}?rid=%00", "ping/{uuid}?rid=" + new string('a', 5000),
        "ping/{uuid}?rid={uuid}&rid={uuid}", "ping/{uuid}?%00=%00", "ping/{uuid}?&&&==&",
        "ping/{uuid}?create=1&create=1", "ping/testpingkey00000000001/new-slug?create=%00",
        "ping/testpingkey00000000001/new-slug?create=1&create=2", "ping/{uuid}?" + new string('q', 5000),
    };

    [Theory]
    [MemberData(nameof(JunkTargets))]
    public async Task Ping_AnswersClientErrorOrOk_WhenRequestIsJunk(string target)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        using var response = await host.Client.GetAsync(target.Replace(Uuid, uuid, StringComparison.Ordinal), Ct);

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {target}");
        // The server is still serving pings.
        await host.PingAsync($"ping/{uuid}");
    }

    /// <summary>Request targets sent byte for byte, past HttpClient's own normalisation.</summary>
    public static TheoryData<string> RawTargets => new()
    {
        "/ping/%00", "/ping/{uuid}/%00", "/ping/%ZZ", "/ping/%", "/ping/%C3%28", "/ping/%ED%A0%80",
        "/ping/../ping/{uuid}", "/ping/{uuid}/../start", "/ping/{uuid}/./start", "/ping/\u00e9\u00ff",
        "/ping/{uuid}?rid=\u00ff", "/ping/{uuid}?rid=%ED%A0%80", "/ping/{uuid}?create=1%00",
        "/ping/" + new string('a', 7000), "http://localhost/ping/{uuid}", "*",
    };

    [Theory]
    [MemberData(nameof(RawTargets))]
    public async Task Ping_AnswersClientErrorOrOk_WhenRawTargetIsJunk(string target)
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);

        var status = await SendRawGetAsync(host, target.Replace(Uuid, uuid, StringComparison.Ordinal));

        Assert.True(status < 500, $"{status} for {target}");
        Assert.True(await SendRawGetAsync(host, $"/ping/{uuid}") == 200);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "")]
    [InlineData("X-Forwarded-For", ",,,")]
    [InlineData("X-Forwarded-For", "not an address, 10.0.0.1")]
    [InlineData("X-Forwarded-For", "[::1")]
    [InlineData("X-Forwarded-For", "999.999.999.999:99999")]
    [InlineData("X-Forwarded-Proto", "gopher")]
    [InlineData("Content-Length", "0")]
    public async Task Ping_IsStored_WhenTrustedProxyHeadersAreJunk(string header, string value)
    {
        await using var host = await StockbeatHost.StartWithAsync("Stockbeat:Ping:TrustedProxies:0", "127.0.0.1");
        var uuid = await CreateMonitorAsync(host);
        using var content = new ByteArrayContent([]);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"ping/{uuid}") { Content = content };
        Assert.True(header == "Content-Length"
            ? content.Headers.TryAddWithoutValidation(header, value)
            : request.Headers.TryAddWithoutValidation(header, value));

        using var response = await host.Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ping = Assert.Single(await host.ListPingsAsync(uuid));
        Assert.Equal("http", ping.GetProperty("scheme").GetString());
        Assert.InRange(ping.GetProperty("remote_addr").GetString()!.Length, 1, 45);
    }

    // The writer is held on its first batch by an outside write lock on the SQLite file, so the queue
    // (capacity 1, batches of 1) fills and later pings must be refused at once, not wait.
    [Fact]
    public async Task Ping_Answers503WithRetryAfter_WhenQueueFull()
    {
        await using var host = await StockbeatHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["Stockbeat:Ping:QueueCapacity"] = "1",
            ["Stockbeat:Ping:BatchSize"] = "1",
        });
        var uuid = await CreateMonitorAsync(host);
        var file = Assert.IsType<SqliteStore>(host.Store).FilePath;
        await using var blocker = new SqliteConnection($"Data Source={file}");
        await blocker.OpenAsync(Ct);
        var writeLock = blocker.BeginTransaction(deferred: false);

        var pings = Enumerable.Range(0, 5).Select(_ => host.Client.GetAsync($"ping/{uuid}", Ct)).ToList();
        // At most two pings can be in the server (one in the stuck batch, one queued): three answers come back
        // while the lock is held.
        var waiting = pings.ToList();
        var early = new List<HttpResponseMessage>();
        while (early.Count < 3)
        {
            var done = await Task.WhenAny(waiting);
            waiting.Remove(done);
            early.Add(await done);
        }

        foreach (var refused in early)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("1", Assert.Single(refused.Headers.GetValues("Retry-After")));
            Assert.Equal("ping queue is full, retry", await refused.Content.ReadAsStringAsync(Ct));
        }

        writeLock.Rollback();
        writeLock.Dispose();
        var answers = await Task.WhenAll(pings);
        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        Assert.InRange(accepted, 1, 2);
        Assert.Equal(5 - accepted, answers.Count(a => a.StatusCode == HttpStatusCode.ServiceUnavailable));
        Assert.Equal(accepted, (await host.GetCheckAsync(uuid)).GetProperty("n_pings").GetInt32());
        Assert.Equal(accepted, (await host.ListPingsAsync(uuid)).Length);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    // A store failure while the server is idle (a batch of one ping) must answer that ping 503 and leave the
    // writer running. The failure is real, not mocked: the pings table is renamed away behind the server's back.
    [Fact]
    public async Task Ping_Answers503AndKeepsIngesting_WhenStoreFailsOnce()
    {
        await using var host = await StockbeatHost.StartAsync();
        var uuid = await CreateMonitorAsync(host);
        var file = Assert.IsType<SqliteStore>(host.Store).FilePath;
        await using var outside = new SqliteConnection($"Data Source={file}");
        await outside.OpenAsync(Ct);
        await ExecuteAsync(outside, "ALTER TABLE pings RENAME TO pings_away");
        using var client = ImpatientClient(host);

        using var failed = await SendOrTimeOutAsync(client, new HttpRequestMessage(HttpMethod.Get, $"ping/{uuid}"));
        await ExecuteAsync(outside, "ALTER TABLE pings_away RENAME TO pings");
        using var next = await SendOrTimeOutAsync(client, new HttpRequestMessage(HttpMethod.Get, $"ping/{uuid}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("5", Assert.Single(failed.Headers.GetValues("Retry-After")));
        Assert.Equal("ping not stored, retry", await failed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.False(host.Get<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested, "the host is shutting down");
        Assert.Equal(1, (await host.GetCheckAsync(uuid)).GetProperty("n_pings").GetInt32());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Ping_StoresEveryPing_WhenManyArriveAtOnce(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var uuid = await CreateMonitorAsync(host);
        var auto = Enumerable.Range(0, 20).Select(i => $"ping/{StockbeatHost.PingKey}/job-{i % 4}?create=1");
        var byUuid = Enumerable.Range(0, 60).Select(i => $"ping/{uuid}/{(i % 3 == 0 ? "log" : "0")}");

        var answers = await Task.WhenAll(auto.Concat(byUuid).Select(async path =>
        {
            using var response = await host.Client.PostAsync(path, new StringContent(path), Ct);
            return response.StatusCode;
        }));

        Assert.Equal(4, answers.Count(a => a == HttpStatusCode.Created));
        Assert.Equal(76, answers.Count(a => a == HttpStatusCode.OK));
        var monitors = await host.ListChecksAsync();
        Assert.Equal(5, monitors.Length);
        Assert.All(monitors.Where(m => m.GetProperty("name").GetString()!.StartsWith("job-", StringComparison.Ordinal)),
            m => Assert.Equal(5, m.GetProperty("n_pings").GetInt32()));
        var pings = await host.ListPingsAsync(uuid);
        Assert.Equal(Enumerable.Range(1, 60).Reverse().Select(n => (long)n), pings.Select(p => p.GetProperty("n").GetInt64()));
        Assert.Equal(40, pings.Count(p => p.GetProperty("type").GetString() == "success"));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
