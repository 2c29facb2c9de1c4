using Stockbeat.Core.Checks;
using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

public abstract partial class StoreContractTests
{
    private const string WebhookConfig = "{\"url\":\"http://127.0.0.1:1/\",\"method\":\"POST\",\"headers\":{}}";

    // ---------------------------------------------------------------- flips and incidents

    [Fact]
    public async Task IngestPingsAsync_RecordsFlipAndOpensIncident_WhenFailPingArrivesOnUpCheck()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0));

        await IngestAsync(Ping(check, "fail", T0.AddMinutes(1)));

        var flips = await Store.ListFlipsAsync(check.Id, T0.AddSeconds(30), T0.AddMinutes(2), Ct);
        Assert.Equal(new Flip(CheckStatus.Up, CheckStatus.Down, T0.AddMinutes(1), FlipReason.Failed, "the job reported a failure"), Assert.Single(flips).Flip);
        var incident = Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct));
        Assert.Equal(check.Id, incident.CheckId);
        Assert.Equal("open", incident.State);
        Assert.Equal(FlipReason.Failed, incident.Reason);
        Assert.Equal(T0.AddMinutes(1), incident.Opened);
        Assert.Null(incident.Resolved);
    }

    [Fact]
    public async Task ListFlipsAsync_ReturnsFlipsInRangeOldestFirst_WhenSeveralExist()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0));
        await IngestAsync(Ping(check, "fail", T0.AddMinutes(1)));
        await IngestAsync(Ping(check, "", T0.AddMinutes(2)));

        var all = await AllFlipsAsync(check);
        var bounded = await Store.ListFlipsAsync(check.Id, T0.AddMinutes(1), T0.AddMinutes(1), Ct);

        Assert.Equal(
            [(CheckStatus.New, CheckStatus.Up), (CheckStatus.Up, CheckStatus.Down), (CheckStatus.Down, CheckStatus.Up)],
            all.Select(f => (f.Flip.From, f.Flip.To)));
        Assert.Equal(T0.AddMinutes(1), Assert.Single(bounded).Flip.At);
        Assert.Empty(await Store.ListFlipsAsync(check.Id, T0.AddHours(1), T0.AddHours(2), Ct));
    }

    [Fact]
    public async Task IngestPingsAsync_RecordsFirstPingsFlipAsHistoryOnly_BesideARecoveryThatResolvesItsIncident()
    {
        var projectId = await CreateProjectAsync();
        var fresh = await CreateCheckAsync(projectId, "POS to web", "pos-web");
        var failing = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(failing, "fail", T0));

        var results = await Store.IngestPingsAsync([Ping(fresh, "", T0.AddMinutes(1)), Ping(failing, "", T0.AddMinutes(1))], 100, Ct);

        Assert.Equal([PingResult.Ok, PingResult.Ok], results);
        Assert.Equal([(CheckStatus.New, CheckStatus.Up, T0.AddMinutes(1))], (await AllFlipsAsync(fresh)).Select(f => (f.Flip.From, f.Flip.To, f.Flip.At)));
        Assert.Equal(
            [(CheckStatus.New, CheckStatus.Down), (CheckStatus.Down, CheckStatus.Up)],
            (await AllFlipsAsync(failing)).Select(f => (f.Flip.From, f.Flip.To)));
        Assert.Equal("resolved", Assert.Single(await Store.ListIncidentsAsync(failing.Id, Ct)).State);
        Assert.Empty(await Store.ListIncidentsAsync(fresh.Id, Ct));
        Assert.Equal(CheckStatus.Up, (await ReloadAsync(fresh)).Status);
    }

    [Fact]
    public async Task IngestPingsAsync_OpensNoSecondIncident_WhenCheckFailsAgain()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0));
        await IngestAsync(Ping(check, "fail", T0.AddMinutes(1)));

        await IngestAsync(Ping(check, "fail", T0.AddMinutes(2)));

        Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct));
        Assert.Equal(2, (await AllFlipsAsync(check)).Count);
    }

    [Fact]
    public async Task IngestPingsAsync_ResolvesIncident_WhenSuccessFollowsFailure()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0));
        await IngestAsync(Ping(check, "fail", T0.AddMinutes(1)));

        await IngestAsync(Ping(check, "", T0.AddMinutes(3)));

        var incident = Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct));
        Assert.Equal("resolved", incident.State);
        Assert.Equal(T0.AddMinutes(3), incident.Resolved);
        Assert.Equal(CheckStatus.Up, (await ReloadAsync(check)).Status);
    }

    [Fact]
    public async Task ListIncidentsAsync_ReturnsNewestFirst_WhenCheckWentDownTwice()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "fail", T0));
        await IngestAsync(Ping(check, "", T0.AddMinutes(1)));
        await IngestAsync(Ping(check, "fail", T0.AddMinutes(2)));

        var incidents = await Store.ListIncidentsAsync(check.Id, Ct);

        Assert.Equal([("open", T0.AddMinutes(2)), ("resolved", T0)], incidents.Select(i => (i.State, i.Opened)));
    }

    // ---------------------------------------------------------------- deadline sweep

    [Fact]
    public async Task FindDueChecksAsync_ReturnsOnlyDueChecksEarliestFirst_WhenDeadlinesDiffer()
    {
        var projectId = await CreateProjectAsync();
        var later = await CreateCheckAsync(projectId, "Later", "later");
        var earlier = await CreateCheckAsync(projectId, "Earlier", "earlier");
        var notDue = await CreateCheckAsync(projectId, "Not due", "not-due");
        await CreateCheckAsync(projectId, "Never pinged", "never");
        // 5 minutes period + 1 minute grace: deadlines at +7, +6 and +16 minutes.
        await IngestAsync(Ping(later, "", T0.AddMinutes(1)));
        await IngestAsync(Ping(earlier, "", T0));
        await IngestAsync(Ping(notDue, "", T0.AddMinutes(10)));

        var due = await Store.FindDueChecksAsync(T0.AddMinutes(8), 10, Ct);
        var limited = await Store.FindDueChecksAsync(T0.AddMinutes(8), 1, Ct);
        var atDeadline = await Store.FindDueChecksAsync(T0.AddMinutes(6), 10, Ct);
        var beforeAny = await Store.FindDueChecksAsync(T0.AddMinutes(6).AddMilliseconds(-1), 10, Ct);

        Assert.Equal([earlier.Uuid, later.Uuid], due.Select(c => c.Uuid));
        Assert.Equal([earlier.Uuid], limited.Select(c => c.Uuid));
        Assert.Equal([earlier.Uuid], atDeadline.Select(c => c.Uuid));
        Assert.Empty(beforeAny);
    }

    [Fact]
    public async Task FindNextDeadlineAsync_ReturnsEarliestDeadline_WhenSeveralMonitorsHaveOne()
    {
        var projectId = await CreateProjectAsync();
        var later = await CreateCheckAsync(projectId, "Later", "later");
        var earlier = await CreateCheckAsync(projectId, "Earlier", "earlier");
        await CreateCheckAsync(projectId, "Never pinged", "never");
        // 5 minutes period + 1 minute grace: deadlines at +7 and +6 minutes.
        await IngestAsync(Ping(later, "", T0.AddMinutes(1)));
        await IngestAsync(Ping(earlier, "", T0));

        var next = await Store.FindNextDeadlineAsync(Ct);

        Assert.Equal(T0.AddMinutes(6), next);
    }

    [Fact]
    public async Task FindNextDeadlineAsync_ReturnsNull_WhenNoMonitorHasADeadline()
    {
        var (_, due, flip, _) = await DueCheckAsync("", TimeSpan.FromMinutes(7));
        await CreateCheckAsync(due.ProjectId, "Never pinged", "never");
        await Store.ApplyDueFlipsAsync([(due, flip)], Ct);

        var next = await Store.FindNextDeadlineAsync(Ct);

        Assert.Null(next);
    }

    [Fact]
    public async Task ApplyDueFlipsAsync_FlipsCheckDownOnce_WhenAppliedTwiceWithSameVersion()
    {
        var (check, due, flip, now) = await DueCheckAsync("", TimeSpan.FromMinutes(7));

        var first = await Store.ApplyDueFlipsAsync([(due, flip)], Ct);
        var second = await Store.ApplyDueFlipsAsync([(due, flip)], Ct);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        var stored = await ReloadAsync(check);
        Assert.Equal(CheckStatus.Down, stored.Status);
        Assert.Null(stored.Deadline);
        Assert.Equal(due.Version + 1, stored.Version);
        var flips = await AllFlipsAsync(check);
        Assert.Equal(2, flips.Count);
        Assert.Equal(new Flip(CheckStatus.Up, CheckStatus.Down, T0.AddMinutes(6), FlipReason.Missed), flips[^1].Flip);
        var incident = Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct));
        Assert.Equal(("open", FlipReason.Missed), (incident.State, incident.Reason));
        Assert.Empty(await Store.FindDueChecksAsync(now, 10, Ct));
    }

    [Fact]
    public async Task ApplyDueFlipsAsync_ReturnsZero_WhenPingChangedCheckAfterItWasRead()
    {
        var (check, due, flip, now) = await DueCheckAsync("", TimeSpan.FromMinutes(7));
        await IngestAsync(Ping(check, "", now));

        var applied = await Store.ApplyDueFlipsAsync([(due, flip)], Ct);

        Assert.Equal(0, applied);
        var stored = await ReloadAsync(check);
        Assert.Equal(CheckStatus.Up, stored.Status);
        Assert.Equal(now.AddMinutes(6), stored.Deadline);
        Assert.DoesNotContain(await AllFlipsAsync(check), f => f.Flip.To == CheckStatus.Down);
        Assert.Empty(await Store.ListIncidentsAsync(check.Id, Ct));
    }

    [Fact]
    public async Task ApplyDueFlipsAsync_AppliesOnlyCurrentVersions_WhenBatchMixesFreshAndStaleChecks()
    {
        var projectId = await CreateProjectAsync();
        var fresh = await CreateCheckAsync(projectId, "Fresh", "fresh");
        var stale = await CreateCheckAsync(projectId, "Stale", "stale");
        await IngestAsync(Ping(fresh, "", T0));
        await IngestAsync(Ping(stale, "", T0));
        var now = T0.AddMinutes(7);
        var due = await Store.FindDueChecksAsync(now, 10, Ct);
        await IngestAsync(Ping(stale, "", now));

        var applied = await Store.ApplyDueFlipsAsync([.. due.Select(c => (c, CheckRules.Overdue(c, now)!))], Ct);

        Assert.Equal(1, applied);
        Assert.Equal(CheckStatus.Down, (await ReloadAsync(fresh)).Status);
        Assert.Equal(CheckStatus.Up, (await ReloadAsync(stale)).Status);
    }

    [Fact]
    public async Task ApplyDueFlipsAsync_FlipsNewCheckDownForTimeout_WhenStartedRunOutlivesGrace()
    {
        var (check, due, flip, _) = await DueCheckAsync("start", TimeSpan.FromMinutes(2));

        var applied = await Store.ApplyDueFlipsAsync([(due, flip)], Ct);

        Assert.Equal(1, applied);
        Assert.Equal(
            new Flip(CheckStatus.New, CheckStatus.Down, T0.AddMinutes(1), FlipReason.Timeout, "a run did not finish within 1 min"),
            Assert.Single(await AllFlipsAsync(check)).Flip);
        Assert.Equal(FlipReason.Timeout, Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct)).Reason);
        Assert.Equal(CheckStatus.Down, (await ReloadAsync(check)).Status);
    }

    [Fact]
    public async Task ApplyDueFlipsAsync_ReturnsZero_WhenListIsEmpty()
    {
        Assert.Equal(0, await Store.ApplyDueFlipsAsync([], Ct));
    }

    [Fact]
    public async Task UpdateDeadlineAsync_WritesDeadlineOnlyOnce_WhenVersionIsStale()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0));
        var read = await ReloadAsync(check);
        var moved = read with { Deadline = T0.AddHours(1) };

        var first = await Store.UpdateDeadlineAsync(moved, Ct);
        var second = await Store.UpdateDeadlineAsync(moved with { Deadline = T0.AddHours(2) }, Ct);

        Assert.True(first);
        Assert.False(second);
        var stored = await ReloadAsync(check);
        Assert.Equal(T0.AddHours(1), stored.Deadline);
        Assert.Equal(read.Version + 1, stored.Version);
    }

    // ---------------------------------------------------------------- alert claims

}
