using Stockbeat.Core.Checks;
using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task GetJournalPositionAsync_IsZero_WhenNothingWasApplied()
    {
        Assert.Equal(0, await Store.GetJournalPositionAsync(Ct));
    }

    [Fact]
    public async Task ApplyJournaledPingsAsync_StoresThePingsAndTheirJournalPositionTogether()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        var results = await Store.ApplyJournaledPingsAsync([Ping(check, "start", T0), Ping(check, "", T0.AddSeconds(5))], 100, 4_321, Ct);

        Assert.Equal([PingResult.Ok, PingResult.Ok], results);
        Assert.Equal(4_321, await Store.GetJournalPositionAsync(Ct));
        Assert.Equal(2, (await ReloadAsync(check)).PingCount);
        Assert.Equal(CheckStatus.Up, (await ReloadAsync(check)).Status);
        Assert.True(Store.KnowsMonitor(check.Uuid));
    }

    [Fact]
    public async Task SetJournalPositionAsync_MovesThePositionOn_AndBackWhenAsked()
    {
        await Store.SetJournalPositionAsync(77, Ct);
        Assert.Equal(77, await Store.GetJournalPositionAsync(Ct));
        await Store.SetJournalPositionAsync(1_000_000_000_000, Ct);
        Assert.Equal(1_000_000_000_000, await Store.GetJournalPositionAsync(Ct));
    }

    [Fact]
    public async Task KnowsMonitor_IsFalse_ForAMonitorNoPingWasStoredFor_AndAfterItsDeletion()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        Assert.False(Store.KnowsMonitor(check.Uuid));

        await IngestAsync(Ping(check, "", T0));
        Assert.True(Store.KnowsMonitor(check.Uuid));

        Assert.True(await Store.DeleteCheckAsync(projectId, check.Uuid, Ct));
        Assert.False(Store.KnowsMonitor(check.Uuid));
    }
}
