using System.Net;
using System.Text.Json;
using Stockbeat.Testing;
using static Stockbeat.Testing.ApiCalls;

namespace Stockbeat.Server.Tests.Features.Channels;

public sealed class ChannelTests
{
    private const string HookUrl = "http://127.0.0.1:9/hook";

    /// <summary>Creates a webhook channel to <see cref="HookUrl"/> and returns its id.</summary>
    private static Task<string> CreateWebhookAsync(StockbeatHost host, string name) =>
        host.CreateChannelAsync(new { kind = "webhook", name, url = HookUrl });

    /// <summary>The channel ids of a check's comma-separated <c>channels</c> field, sorted.</summary>
    private static string[] ChannelsOf(JsonElement check) =>
        Sorted(check.GetProperty("channels").GetString()!.Split(',', StringSplitOptions.RemoveEmptyEntries));

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Create_Returns201WithId_WhenWebhookIsValid(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);

        var answer = await PostAsync(host.Api, "api/v3/channels/", new { kind = "webhook", name = "ops", url = HookUrl });

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.True(Guid.TryParseExact(answer.Json.GetProperty("id").GetString(), "D", out _));
        Assert.Equal("ops", answer.Json.GetProperty("name").GetString());
        Assert.Equal("webhook", answer.Json.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task List_ShowsChannel_WhenOneWasCreated(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var id = await CreateWebhookAsync(host, "ops");

        var channels = await host.ListChannelsAsync();

        var channel = Assert.Single(channels);
        Assert.Equal(id, channel.GetProperty("id").GetString());
        Assert.Equal("ops", channel.GetProperty("name").GetString());
        Assert.Equal("webhook", channel.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task List_ReturnsEmptyArray_WhenProjectHasNoChannels()
    {
        await using var host = await StockbeatHost.StartAsync();

        var channels = await host.ListChannelsAsync();

        Assert.Empty(channels);
    }

    [Fact]
    public async Task Create_UsesWebhook_WhenKindIsAbsent()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Api, "api/v3/channels/", new { name = "ops", url = HookUrl });

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal("webhook", answer.Json.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("""{"kind": "webhook", "name": "ops"}""")]
    [InlineData("""{"kind": "webhook", "name": "ops", "url": "not a url"}""")]
    [InlineData("""{"kind": "webhook", "name": "ops", "url": "/relative/path"}""")]
    [InlineData("""{"kind": "webhook", "name": "ops", "url": "ftp://127.0.0.1/hook"}""")]
    [InlineData("""{"kind": "webhook", "name": "ops", "url": 42}""")]
    public async Task Create_Returns400_WhenUrlIsInvalid(string body)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/channels/", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("url", answer.Error, StringComparison.Ordinal);
        Assert.Empty(await host.ListChannelsAsync());
    }

    [Theory]
    [InlineData("carrier-pigeon")]
    [InlineData("SLACK")]
    public async Task Create_Returns400_WhenKindIsUnsupported(string kind)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostAsync(host.Api, "api/v3/channels/", new { kind, name = "ops", url = HookUrl });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(kind, answer.Error, StringComparison.Ordinal);
        Assert.Empty(await host.ListChannelsAsync());
    }

    [Theory]
    [InlineData("""{"name": "ops", "url": "http://127.0.0.1:9/hook", "method": "PATCH"}""", "method")]
    [InlineData("""{"name": "ops", "url": "http://127.0.0.1:9/hook", "headers": {"X-Token": 5}}""", "headers")]
    [InlineData("""{"name": "ops", "url": "http://127.0.0.1:9/hook", "headers": ["X-Token"]}""", "headers")]
    [InlineData("[]", "not an object")]
    public async Task Create_Returns400_WhenFieldIsInvalid(string body, string mentioned)
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await PostRawAsync(host.Api, "api/v3/channels/", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(mentioned, answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Returns401_WhenKeyIsReadOnly()
    {
        await using var host = await StockbeatHost.StartAsync();
        using var readOnly = host.ReadOnlyClient();

        var answer = await PostAsync(readOnly, "api/v3/channels/", new { name = "ops", url = HookUrl });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("wrong api key", answer.Error);
        Assert.Empty(await host.ListChannelsAsync());
    }

    [Fact]
    public async Task List_ShowsOnlyOwnChannels_WhenAnotherProjectHasChannels()
    {
        await using var host = await StockbeatHost.StartAsync();
        await CreateWebhookAsync(host, "ours");
        using var other = await host.OtherProjectClientAsync();
        await PostAsync(other, "api/v3/channels/", new { name = "theirs", url = HookUrl });

        var channels = await host.ListChannelsAsync();

        Assert.Equal("ours", Assert.Single(channels).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task CheckChannels_ListsEveryChannel_WhenStarIsGiven(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var ops = await CreateWebhookAsync(host, "ops");
        var dev = await CreateWebhookAsync(host, "dev");

        var created = await host.CreateCheckAsync(new { name = "job", channels = "*" });

        var stored = await host.GetCheckAsync(created.GetProperty("uuid").GetString()!);
        Assert.Equal(Sorted(dev, ops), ChannelsOf(created));
        Assert.Equal(Sorted(dev, ops), ChannelsOf(stored));
    }

    [Fact]
    public async Task CheckChannels_ListsChannel_WhenGivenById()
    {
        await using var host = await StockbeatHost.StartAsync();
        var ops = await CreateWebhookAsync(host, "ops");
        await CreateWebhookAsync(host, "dev");

        var check = await host.CreateCheckAsync(new { name = "job", channels = ops });

        Assert.Equal([ops], ChannelsOf(check));
    }

    [Fact]
    public async Task CheckChannels_ListsChannels_WhenGivenByName()
    {
        await using var host = await StockbeatHost.StartAsync();
        var ops = await CreateWebhookAsync(host, "ops");
        var dev = await CreateWebhookAsync(host, "dev");
        await CreateWebhookAsync(host, "unused");

        var check = await host.CreateCheckAsync(new { name = "job", channels = "ops,dev" });

        Assert.Equal(Sorted(dev, ops), ChannelsOf(check));
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Update_ReplacesChannels_WhenChannelsAreGiven(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var ops = await CreateWebhookAsync(host, "ops");
        var dev = await CreateWebhookAsync(host, "dev");
        var created = await host.CreateCheckAsync(new { name = "job", channels = "ops" });
        var uuid = created.GetProperty("uuid").GetString();

        var switched = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { channels = dev })).Json;
        var renamed = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { name = "job 2" })).Json;
        var cleared = (await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { channels = "" })).Json;

        Assert.Equal([ops], ChannelsOf(created));
        Assert.Equal([dev], ChannelsOf(switched));
        Assert.Equal([dev], ChannelsOf(renamed));
        Assert.Empty(ChannelsOf(cleared));
        Assert.Empty(ChannelsOf(await host.GetCheckAsync(uuid!)));
    }

    [Fact]
    public async Task CheckCreate_Returns400InvalidIdentifier_WhenChannelIsUnknown()
    {
        await using var host = await StockbeatHost.StartAsync();
        await CreateWebhookAsync(host, "ops");
        var unknown = Guid.NewGuid().ToString();

        var answer = await PostAsync(host.Api, "api/v3/checks/", new { name = "job", channels = unknown });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal($"invalid channel identifier: {unknown}", answer.Error);
        Assert.Empty(await host.ListChecksAsync());
    }

    [Fact]
    public async Task CheckUpdate_Returns400AndKeepsChannels_WhenOneChannelIsUnknown()
    {
        await using var host = await StockbeatHost.StartAsync();
        var ops = await CreateWebhookAsync(host, "ops");
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", channels = "ops" });

        var answer = await PostAsync(host.Api, $"api/v3/checks/{uuid}", new { name = "renamed", channels = "ops,nope" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("invalid channel identifier: nope", answer.Error);
        var check = await host.GetCheckAsync(uuid);
        Assert.Equal([ops], ChannelsOf(check));
        Assert.Equal("job", check.GetProperty("name").GetString());
    }

    [Fact]
    public async Task CheckCreate_Returns400_WhenChannelBelongsToAnotherProject()
    {
        await using var host = await StockbeatHost.StartAsync();
        using var other = await host.OtherProjectClientAsync();
        var theirs = (await PostAsync(other, "api/v3/channels/", new { name = "theirs", url = HookUrl })).Json.GetProperty("id").GetString();

        var answer = await PostAsync(host.Api, "api/v3/checks/", new { name = "job", channels = theirs });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal($"invalid channel identifier: {theirs}", answer.Error);
    }

    [Theory]
    [InlineData(Backend.Sqlite)]
    [InlineData(Backend.Postgres)]
    public async Task Delete_Returns204ThenNotFound_WhenChannelExists(Backend backend)
    {
        await using var host = await StockbeatHost.StartAsync(backend);
        var id = await CreateWebhookAsync(host, "ops");

        var first = await DeleteAsync(host.Api, $"api/v3/channels/{id}");
        var second = await DeleteAsync(host.Api, $"api/v3/channels/{id}");

        Assert.Equal(HttpStatusCode.NoContent, first.Status);
        Assert.Equal(HttpStatusCode.NotFound, second.Status);
        Assert.Empty(await host.ListChannelsAsync());
    }

    [Fact]
    public async Task Delete_RemovesChannelFromChecks_WhenChannelWasAssigned()
    {
        await using var host = await StockbeatHost.StartAsync();
        var ops = await CreateWebhookAsync(host, "ops");
        var dev = await CreateWebhookAsync(host, "dev");
        var uuid = await host.CreateCheckUuidAsync(new { name = "job", channels = "*" });

        await DeleteAsync(host.Api, $"api/v3/channels/{ops}");

        Assert.Equal([dev], ChannelsOf(await host.GetCheckAsync(uuid)));
    }

    [Fact]
    public async Task Delete_Returns404_WhenChannelBelongsToAnotherProject()
    {
        await using var host = await StockbeatHost.StartAsync();
        var ours = await CreateWebhookAsync(host, "ours");
        using var other = await host.OtherProjectClientAsync();

        var answer = await DeleteAsync(other, $"api/v3/channels/{ours}");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Single(await host.ListChannelsAsync());
    }

    [Fact]
    public async Task Delete_Returns400_WhenIdIsMalformed()
    {
        await using var host = await StockbeatHost.StartAsync();

        var answer = await DeleteAsync(host.Api, "api/v3/channels/not-a-uuid");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task Delete_Returns401_WhenKeyIsReadOnly()
    {
        await using var host = await StockbeatHost.StartAsync();
        var id = await CreateWebhookAsync(host, "ops");
        using var readOnly = host.ReadOnlyClient();

        var answer = await DeleteAsync(readOnly, $"api/v3/channels/{id}");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Single(await host.ListChannelsAsync());
    }
}
