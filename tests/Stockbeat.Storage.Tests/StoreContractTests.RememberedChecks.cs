using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

/// <summary>
/// The ping writer remembers the monitors it stored instead of reading them back for the next ping. Whatever changes a
/// monitor in between (an edit, the sweep, a deletion, a ping through another node) must win over that memory.
/// </summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public async Task IngestPingsAsync_UsesEditedSettings_WhenMonitorWasEditedSinceItsLastPing()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0));

        await Store.EditCheckAsync(projectId, check.Uuid, c => new CheckEdit(c with { Grace = TimeSpan.FromHours(2) }), Ct);
        Assert.Equal(PingResult.Ok, await IngestAsync(Ping(check, "", T0.AddMinutes(5))));

        var stored = await ReloadAsync(check);
        Assert.Equal(2, stored.PingCount);
        Assert.Equal(TimeSpan.FromHours(2), stored.Grace);
        Assert.Equal(T0.AddMinutes(5) + TimeSpan.FromMinutes(5) + TimeSpan.FromHours(2), stored.Deadline);
    }

    [Fact]
    public async Task IngestPingsAsync_KeepsPaused_WhenMonitorWasPausedWithManualResumeSinceItsLastPing()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0));

        await Store.EditCheckAsync(
            projectId, check.Uuid, c => new CheckEdit(c with { Status = CheckStatus.Paused, ManualResume = true, Deadline = null }), Ct);
        await IngestAsync(Ping(check, "", T0.AddMinutes(1)));

        Assert.Equal(CheckStatus.Paused, (await ReloadAsync(check)).Status);
        Assert.Equal(PingKind.Ignored, (await Store.ListPingsAsync(check.Id, 1, Ct))[0].Kind);
    }

    [Fact]
    public async Task IngestPingsAsync_RecordsRecovery_WhenSweepFlippedMonitorDownSinceItsLastPing()
    {
        var (check, due, flip, _) = await DueCheckAsync("", TimeSpan.FromMinutes(7));
        Assert.Equal(1, await Store.ApplyDueFlipsAsync([(due, flip)], Ct));

        await IngestAsync(Ping(check, "", T0.AddMinutes(8)));

        Assert.Equal(CheckStatus.Up, (await ReloadAsync(check)).Status);
        Assert.Equal(
            [CheckStatus.Down, CheckStatus.Up],
            (await AllFlipsAsync(check)).Select(f => f.Flip.To).ToArray()[^2..]);
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsNotFound_WhenMonitorWasDeletedSinceItsLastPing()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0));

        Assert.True(await Store.DeleteCheckAsync(projectId, check.Uuid, Ct));

        Assert.Equal(PingResult.NotFound, await IngestAsync(Ping(check, "", T0.AddMinutes(1))));
    }

    [Fact]
    public async Task IngestPingsAsync_NumbersPingsInTurn_WhenTwoNodesPingTheSameMonitorAlternately()
    {
        var check = await CreateCheckAsync(await CreateProjectAsync());
        var other = OpenSecondStore();

        for (var i = 0; i < 6; i++)
        {
            var node = i % 2 == 0 ? Store : other;
            var result = await node.IngestPingsAsync([Ping(check, "", T0.AddMinutes(i))], 100, Ct);
            Assert.Equal(PingResult.Ok, Assert.Single(result));
        }

        var stored = await ReloadAsync(check);
        Assert.Equal(6, stored.PingCount);
        Assert.Equal(T0.AddMinutes(5), stored.LastPing);
        Assert.Equal(Enumerable.Range(1, 6).Reverse(), (await Store.ListPingsAsync(check.Id, 10, Ct)).Select(p => p.N));
    }

    [Fact]
    public async Task IngestPingsAsync_RemembersOnlyCommittedState_WhenBatchFails()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0));
        // A batch that fails as a whole after the monitor's state was written (version n + 1, rolled back) ...
        var broken = Ping(check, "", T0.AddMinutes(1)) with { Path = null! };
        await Assert.ThrowsAnyAsync<Exception>(() => Store.IngestPingsAsync([Ping(check, "", T0.AddMinutes(1)), broken], 100, Ct));
        // ... and an edit that brings the row to that same version number with other content.
        await Store.EditCheckAsync(projectId, check.Uuid, c => new CheckEdit(c with { Grace = TimeSpan.FromHours(2) }), Ct);

        Assert.Equal(PingResult.Ok, await IngestAsync(Ping(check, "", T0.AddMinutes(2))));

        var stored = await ReloadAsync(check);
        Assert.Equal(2, stored.PingCount);
        Assert.Equal(T0.AddMinutes(2) + TimeSpan.FromMinutes(5) + TimeSpan.FromHours(2), stored.Deadline);
    }
}
