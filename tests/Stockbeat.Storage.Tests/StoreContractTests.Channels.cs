using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task CreateChannelAsync_StoresChannelThatListChannelsReturns_WhenProjectExists()
    {
        var projectId = await CreateProjectAsync();
        var otherProjectId = await CreateProjectAsync(WrongPingKey, suffix: "-2");

        var ops = await Store.CreateChannelAsync(projectId, "webhook", "ops", WebhookConfig, T0, Ct);
        var dev = await Store.CreateChannelAsync(projectId, "email", "dev", "{\"to\":\"dev@example.com\"}", T0, Ct);
        await Store.CreateChannelAsync(otherProjectId, "webhook", "other", WebhookConfig, T0, Ct);

        Assert.True(ops.Id > 0);
        Assert.NotEqual(Guid.Empty, ops.Uuid);
        Assert.Equal(new ChannelRecord(ops.Id, ops.Uuid, projectId, "webhook", "ops", WebhookConfig, null), ops);
        Assert.Equal([ops, dev], await Store.ListChannelsAsync(projectId, Ct));
    }

    [Fact]
    public async Task DeleteChannelAsync_RemovesChannelAndItsAssignments_WhenChannelExists()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        var ops = await Store.CreateChannelAsync(projectId, "webhook", "ops", WebhookConfig, T0, Ct);
        var dev = await Store.CreateChannelAsync(projectId, "webhook", "dev", WebhookConfig, T0, Ct);
        await Store.SetCheckChannelsAsync(check.Id, [ops.Id, dev.Id], Ct);

        var deleted = await Store.DeleteChannelAsync(projectId, ops.Uuid, Ct);

        Assert.True(deleted);
        Assert.Equal([dev], await Store.ListChannelsAsync(projectId, Ct));
        Assert.Equal([dev.Uuid], (await Store.GetCheckChannelsAsync(projectId, Ct))[check.Id]);
    }

    [Fact]
    public async Task DeleteChannelAsync_ReturnsFalse_WhenChannelIsUnknownOrInAnotherProject()
    {
        var projectId = await CreateProjectAsync();
        var otherProjectId = await CreateProjectAsync(WrongPingKey, suffix: "-2");
        var ops = await Store.CreateChannelAsync(projectId, "webhook", "ops", WebhookConfig, T0, Ct);

        Assert.False(await Store.DeleteChannelAsync(projectId, Guid.NewGuid(), Ct));
        Assert.False(await Store.DeleteChannelAsync(otherProjectId, ops.Uuid, Ct));
        Assert.Equal([ops], await Store.ListChannelsAsync(projectId, Ct));
    }

    [Fact]
    public async Task SetChannelErrorAsync_ShowsInListChannels_UntilClearedByNull()
    {
        var projectId = await CreateProjectAsync();
        var ops = await Store.CreateChannelAsync(projectId, "webhook", "ops", WebhookConfig, T0, Ct);

        await Store.SetChannelErrorAsync(ops.Id, "Connection refused", T0.AddMinutes(1), Ct);
        var failed = Assert.Single(await Store.ListChannelsAsync(projectId, Ct));
        await Store.SetChannelErrorAsync(ops.Id, null, T0.AddMinutes(2), Ct);
        var recovered = Assert.Single(await Store.ListChannelsAsync(projectId, Ct));

        Assert.Equal("Connection refused", failed.LastError);
        Assert.Null(recovered.LastError);
    }

    [Fact]
    public async Task GetCheckChannelsAsync_GroupsChannelUuidsByCheckId_WhenChecksHaveChannels()
    {
        var projectId = await CreateProjectAsync();
        var first = await CreateCheckAsync(projectId, "First", "first");
        var second = await CreateCheckAsync(projectId, "Second", "second");
        var none = await CreateCheckAsync(projectId, "None", "none");
        var ops = await Store.CreateChannelAsync(projectId, "webhook", "ops", WebhookConfig, T0, Ct);
        var dev = await Store.CreateChannelAsync(projectId, "webhook", "dev", WebhookConfig, T0, Ct);
        await Store.SetCheckChannelsAsync(first.Id, [ops.Id, dev.Id, ops.Id], Ct);
        await Store.SetCheckChannelsAsync(second.Id, [dev.Id], Ct);

        var channels = await Store.GetCheckChannelsAsync(projectId, Ct);

        Assert.Equal(2, channels.Count);
        Assert.Equal([ops.Uuid, dev.Uuid], channels[first.Id]);
        Assert.Equal([dev.Uuid], channels[second.Id]);
        Assert.False(channels.ContainsKey(none.Id));
    }

    [Fact]
    public async Task SetCheckChannelsAsync_ReplacesPreviousChannels_WhenCalledAgain()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        var ops = await Store.CreateChannelAsync(projectId, "webhook", "ops", WebhookConfig, T0, Ct);
        var dev = await Store.CreateChannelAsync(projectId, "webhook", "dev", WebhookConfig, T0, Ct);
        await Store.SetCheckChannelsAsync(check.Id, [ops.Id], Ct);

        await Store.SetCheckChannelsAsync(check.Id, [dev.Id], Ct);
        var replaced = await Store.GetCheckChannelsAsync(projectId, Ct);
        await Store.SetCheckChannelsAsync(check.Id, [], Ct);
        var cleared = await Store.GetCheckChannelsAsync(projectId, Ct);

        Assert.Equal([dev.Uuid], replaced[check.Id]);
        Assert.Empty(cleared);
    }
}
