using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;

namespace Stockbeat.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task IngestPingsAsync_PairsEachFinishWithItsOwnStart_WhenRunsOverlap()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        var runA = Guid.NewGuid();
        var runB = Guid.NewGuid();

        await IngestAsync(Ping(check, "start", T0, runA));
        await IngestAsync(Ping(check, "start", T0.AddSeconds(10), runB));
        await IngestAsync(Ping(check, "", T0.AddSeconds(40), runB));
        var afterB = await ReloadAsync(check);
        await IngestAsync(Ping(check, "", T0.AddSeconds(100), runA));
        var afterA = await ReloadAsync(check);

        Assert.Equal(TimeSpan.FromSeconds(30), afterB.LastDuration);
        Assert.Equal(TimeSpan.FromSeconds(100), afterA.LastDuration);
        var pings = await Store.ListPingsAsync(check.Id, 10, Ct);
        Assert.Equal(
            [
                (4, PingKind.Success, runA, TimeSpan.FromSeconds(100)),
                (3, PingKind.Success, runB, TimeSpan.FromSeconds(30)),
                (2, PingKind.Start, runB, (TimeSpan?)null),
                (1, PingKind.Start, runA, (TimeSpan?)null),
            ],
            pings.Select(p => (p.N, p.Kind, p.Rid!.Value, p.Duration)));
    }

    [Fact]
    public async Task IngestPingsAsync_RecordsDuration_WhenStartAndSuccessHaveNoRid()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        await IngestAsync(Ping(check, "start", T0));
        await IngestAsync(Ping(check, "", T0.AddSeconds(45)));

        var finish = (await Store.ListPingsAsync(check.Id, 10, Ct))[0];
        Assert.Equal(PingKind.Success, finish.Kind);
        Assert.Null(finish.Rid);
        Assert.Equal(TimeSpan.FromSeconds(45), finish.Duration);
        var stored = await ReloadAsync(check);
        Assert.Equal(TimeSpan.FromSeconds(45), stored.LastDuration);
        Assert.Null(stored.LastStart);
    }

    [Fact]
    public async Task IngestPingsAsync_RecordsNoDuration_WhenSuccessHasNoStart()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        await IngestAsync(Ping(check, "", T0));

        Assert.Null(Assert.Single(await Store.ListPingsAsync(check.Id, 10, Ct)).Duration);
        Assert.Null((await ReloadAsync(check)).LastDuration);
    }

    [Fact]
    public async Task IngestPingsAsync_RecordsNoDuration_WhenSecondSuccessFollowsAClosedRun()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "start", T0));
        await IngestAsync(Ping(check, "", T0.AddSeconds(20)));

        await IngestAsync(Ping(check, "", T0.AddSeconds(50)));

        Assert.Null((await Store.ListPingsAsync(check.Id, 10, Ct))[0].Duration);
        Assert.Equal(TimeSpan.FromSeconds(20), (await ReloadAsync(check)).LastDuration);
    }

    [Fact]
    public async Task IngestPingsAsync_OpensRunWithoutChangingStatus_WhenPingIsStart()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        var rid = Guid.NewGuid();

        await IngestAsync(Ping(check, "start", T0, rid));

        var stored = await ReloadAsync(check);
        Assert.Equal(CheckStatus.New, stored.Status);
        Assert.Null(stored.LastPing);
        Assert.Equal(T0, stored.LastStart);
        Assert.Equal(rid, stored.LastStartRid);
        Assert.Equal(1, stored.PingCount);
        // A new monitor with an open run must finish it within its grace (1 minute here).
        Assert.Equal(T0.AddMinutes(1), stored.Deadline);
    }
}
