using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Stockbeat.Testing;

namespace Stockbeat.Tests;

/// <summary>The <c>stockbeat serve</c> executable, driven as a user drives it.</summary>
public sealed class ServeCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_PrintsKeysOnceAndServesPings_WhenStartedOnFreshDataDirectory()
    {
        using var data = new TempDirectory();
        await using var server = ServeProcess.Start(data.Path);
        await server.WaitUntilReadyAsync();
        var apiKey = server.PrintedKey("API key (read-write)");
        var pingKey = server.PrintedKey("Ping key");
        Assert.NotNull(apiKey);
        Assert.NotNull(pingKey);
        Assert.True(File.Exists(Path.Combine(data.Path, "stockbeat.db")));

        using var api = new HttpClient { BaseAddress = new Uri(server.Url + "/") };
        api.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var created = await api.PostAsJsonAsync("api/v3/checks/", new { name = "erp-to-store", timeout = 900 }, Ct);
        var uuid = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("uuid").GetString();
        var byUuid = await server.Client.PostAsync($"ping/{uuid}/start", null, Ct);
        var bySlug = await server.Client.GetAsync($"ping/{pingKey}/erp-to-store", Ct);
        var check = await api.GetFromJsonAsync<JsonElement>($"api/v3/checks/{uuid}", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byUuid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, bySlug.StatusCode);
        Assert.Equal("up", check.GetProperty("status").GetString());
        Assert.Equal(2, check.GetProperty("n_pings").GetInt32());
    }

    [Fact]
    public async Task Serve_KeepsDataAndPrintsNoKeys_WhenRestarted()
    {
        using var data = new TempDirectory();
        string uuid;
        string apiKey;
        await using (var first = ServeProcess.Start(data.Path))
        {
            await first.WaitUntilReadyAsync();
            apiKey = first.PrintedKey("API key (read-write)")!;
            using var api = new HttpClient { BaseAddress = new Uri(first.Url + "/") };
            api.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            var created = await api.PostAsJsonAsync("api/v3/checks/", new { name = "nightly-reconcile" }, Ct);
            uuid = (await created.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("uuid").GetString()!;
            Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync($"ping/{uuid}/fail", Ct)).StatusCode);
            await first.StopAsync();
            Assert.Equal(0, first.ExitCode);
        }

        await using var second = ServeProcess.Start(data.Path);
        await second.WaitUntilReadyAsync();
        using var again = new HttpClient { BaseAddress = new Uri(second.Url + "/") };
        again.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var check = await again.GetFromJsonAsync<JsonElement>($"api/v3/checks/{uuid}", Ct);

        Assert.Null(second.PrintedKey("API key (read-write)"));
        Assert.Equal("down", check.GetProperty("status").GetString());
        Assert.Equal(1, check.GetProperty("n_pings").GetInt32());
    }

    [Fact]
    public async Task Serve_UsesConfiguredKeys_WhenGivenInEnvironment()
    {
        using var data = new TempDirectory();
        const string key = "configured-api-key-0123456789";
        await using var server = ServeProcess.Start(data.Path, environment: new Dictionary<string, string>
        {
            ["Stockbeat__Bootstrap__ApiKey"] = key,
            ["Stockbeat__Bootstrap__PingKey"] = "configuredpingkey00001",
        });
        await server.WaitUntilReadyAsync();
        using var api = new HttpClient { BaseAddress = new Uri(server.Url + "/") };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);

        var list = await api.GetAsync("api/v3/checks/", Ct);
        var created = await server.Client.GetAsync("ping/configuredpingkey00001/amazon-feed?create=1", Ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("API key (read-write): (from configuration)", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ExitsWithClearError_WhenSettingIsInvalid()
    {
        using var data = new TempDirectory();
        await using var server = ServeProcess.Start(data.Path, ["--Stockbeat:Ping:BodyLimit=-5"]);

        await server.WaitForExitAsync();

        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains("Stockbeat:Ping:BodyLimit must be between 0 and 10000000 bytes", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_RevokesOldApiKey_WhenConfiguredKeyChanges()
    {
        using var data = new TempDirectory();
        const string oldKey = "first-configured-api-key-000001";
        const string newKey = "second-configured-api-key-00001";
        await using (var first = ServeProcess.Start(data.Path, environment: new Dictionary<string, string> { ["Stockbeat__Bootstrap__ApiKey"] = oldKey }))
        {
            await first.WaitUntilReadyAsync();
            await first.StopAsync();
        }

        await using var second = ServeProcess.Start(data.Path, environment: new Dictionary<string, string> { ["Stockbeat__Bootstrap__ApiKey"] = newKey });
        await second.WaitUntilReadyAsync();
        using var withOld = new HttpClient { BaseAddress = new Uri(second.Url + "/") };
        withOld.DefaultRequestHeaders.Add("X-Api-Key", oldKey);
        using var withNew = new HttpClient { BaseAddress = new Uri(second.Url + "/") };
        withNew.DefaultRequestHeaders.Add("X-Api-Key", newKey);

        var old = await withOld.GetAsync("api/v3/checks/", Ct);
        var current = await withNew.GetAsync("api/v3/checks/", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task Serve_ExitsWithClearError_WhenDatabaseIsNotPostgres()
    {
        using var data = new TempDirectory();
        await using var server = ServeProcess.Start(data.Path, ["--database", "Data Source=/tmp/stockbeat.db"]);

        await server.WaitForExitAsync();

        Assert.NotEqual(0, server.ExitCode);
        Assert.Contains("PostgreSQL connection string", server.Output, StringComparison.Ordinal);
    }
}
