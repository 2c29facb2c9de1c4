using Stockbeat.Core.Checks;
using Stockbeat.Core.Schedules;
using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

public abstract partial class StoreContractTests
{
    [Fact]
    public async Task FindCheckByUniqueKeyAsync_FindsOwnProjectsMonitor_AndNoOtherProjects()
    {
        var (projectId, first, second, other) = await TwoChecksBesideAnotherProjectsAsync();

        Assert.Equal(second.Uuid, (await Store.FindCheckByUniqueKeyAsync(projectId, UniqueKeys.Of(second.Uuid), Ct))?.Uuid);
        Assert.Equal(first.Uuid, (await Store.FindCheckByUniqueKeyAsync(projectId, UniqueKeys.Of(first.Uuid), Ct))?.Uuid);
        Assert.Null(await Store.FindCheckByUniqueKeyAsync(projectId, UniqueKeys.Of(other.Uuid), Ct));
        Assert.Null(await Store.FindCheckByUniqueKeyAsync(projectId, UniqueKeys.Of(Guid.NewGuid()), Ct));
    }

    [Fact]
    public async Task FindCheckIdsAsync_ReturnsIdsOfTheProjectsMonitorsOnly()
    {
        var (projectId, first, second, other) = await TwoChecksBesideAnotherProjectsAsync();

        var ids = await Store.FindCheckIdsAsync(projectId, [first.Uuid, other.Uuid, Guid.NewGuid(), second.Uuid], Ct);

        Assert.Equal(new Dictionary<Guid, long> { [first.Uuid] = first.Id, [second.Uuid] = second.Id }, ids);
        Assert.Empty(await Store.FindCheckIdsAsync(projectId, [], Ct));
    }

    [Fact]
    public async Task StreamChecksAsync_YieldsOnlyMonitorsWithTheFiltersNameAndSlug()
    {
        var projectId = await CreateProjectAsync();
        var otherProjectId = await CreateProjectAsync(WrongPingKey, suffix: "-2");
        var amazon = await CreateCheckAsync(projectId, "erp → amazon", "erp-amazon");
        var amazonEu = await CreateCheckAsync(projectId, "erp → amazon", "erp-amazon-eu");
        await CreateCheckAsync(projectId, "erp → shop", "erp-shop");
        await CreateCheckAsync(otherProjectId, "erp → amazon", "erp-amazon");

        var named = await Store.StreamChecksAsync(projectId, new CheckFilter(Name: "erp → amazon"), Ct).ToListAsync(Ct);
        var slugged = await Store.StreamChecksAsync(projectId, new CheckFilter(Slug: "erp-amazon-eu"), Ct).ToListAsync(Ct);
        var both = await Store.StreamChecksAsync(projectId, new CheckFilter("erp → amazon", "erp-amazon"), Ct).ToListAsync(Ct);
        var none = await Store.StreamChecksAsync(projectId, new CheckFilter(Name: "erp → shop", Slug: "erp-amazon"), Ct).ToListAsync(Ct);

        Assert.Equal([amazon.Uuid, amazonEu.Uuid], named.Select(c => c.Uuid));
        Assert.Equal([amazonEu.Uuid], slugged.Select(c => c.Uuid));
        Assert.Equal([amazon.Uuid], both.Select(c => c.Uuid));
        Assert.Empty(none);
    }

    [Fact]
    public async Task StreamChecksAsync_FiltersByTagsBySimpleSchedulesPeriodAndByGrace()
    {
        var projectId = await CreateProjectAsync();
        var fiveMinutes = await Store.CreateCheckAsync(NewCheck(projectId, "every 5 min", "every-5") with { Tags = "erp prod" }, Ct);
        var longGrace = await Store.CreateCheckAsync(NewCheck(projectId, "long grace", "long-grace") with { Grace = TimeSpan.FromMinutes(30), Tags = "prod erp" }, Ct);
        // A cron monitor stores the default period; it has no period to match.
        await Store.CreateCheckAsync(NewCheck(projectId, "cron", "cron") with
        {
            Schedule = CronSchedule.TryParse("*/5 * * * *", "UTC", out var cron, out _) ? cron : throw new InvalidOperationException(),
        }, Ct);

        var byPeriod = await Store.StreamChecksAsync(projectId, new CheckFilter(PeriodSeconds: (long)Check.DefaultTimeout.TotalSeconds), Ct).ToListAsync(Ct);
        var byFive = await Store.StreamChecksAsync(projectId, new CheckFilter(PeriodSeconds: 300, GraceSeconds: 60), Ct).ToListAsync(Ct);
        var byGrace = await Store.StreamChecksAsync(projectId, new CheckFilter(GraceSeconds: 1800), Ct).ToListAsync(Ct);
        var byTags = await Store.StreamChecksAsync(projectId, new CheckFilter(Tags: "prod erp"), Ct).ToListAsync(Ct);

        Assert.Empty(byPeriod);
        Assert.Equal([fiveMinutes.Uuid], byFive.Select(c => c.Uuid));
        Assert.Equal([longGrace.Uuid], byGrace.Select(c => c.Uuid));
        Assert.Equal([longGrace.Uuid], byTags.Select(c => c.Uuid));
    }

    [Fact]
    public async Task GetChannelsOfCheckAsync_AndGetUpstreamOfCheckAsync_ReadOneMonitorsLinks()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId, "erp → amazon", "erp-amazon");
        var neighbour = await CreateCheckAsync(projectId, "erp → shop", "erp-shop");
        var supplier = await CreateCheckAsync(projectId, "supplier → erp", "supplier-erp");
        var pim = await CreateCheckAsync(projectId, "pim → erp", "pim-erp");
        var ops = await Store.CreateChannelAsync(projectId, "webhook", "ops", WebhookConfig, T0, Ct);
        var dev = await Store.CreateChannelAsync(projectId, "webhook", "dev", WebhookConfig, T0, Ct);
        await Store.SetCheckChannelsAsync(check.Id, [dev.Id, ops.Id], Ct);
        await Store.SetCheckChannelsAsync(neighbour.Id, [dev.Id], Ct);
        await Store.SetDependenciesAsync(check.Id, [pim.Id, supplier.Id], Ct);
        await Store.SetDependenciesAsync(neighbour.Id, [supplier.Id], Ct);

        Assert.Equal([ops.Uuid, dev.Uuid], await Store.GetChannelsOfCheckAsync(check.Id, Ct));
        Assert.Equal([supplier.Uuid, pim.Uuid], await Store.GetUpstreamOfCheckAsync(check.Id, Ct));
        Assert.Empty(await Store.GetChannelsOfCheckAsync(supplier.Id, Ct));
        Assert.Empty(await Store.GetUpstreamOfCheckAsync(supplier.Id, Ct));
    }

    [Fact]
    public async Task ListProjectIncidentsAsync_ReadsEachIncidentWithItsMonitorsName()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId, "erp → amazon", "erp-amazon");
        await IngestAsync(Ping(check, "fail", T0));

        var incident = Assert.Single(await Store.ListProjectIncidentsAsync(projectId, openOnly: false, 10, Ct));

        Assert.Equal(("erp → amazon", check.Uuid), (incident.CheckName, incident.CheckUuid));
    }


    [Fact]
    public async Task ListRecentRunsAsync_ReadsEachMonitorsNewestRuns_AsListRunsAsyncDoes()
    {
        var projectId = await CreateProjectAsync();
        var amazon = await CreateCheckAsync(projectId, "erp → amazon", "erp-amazon");
        var shop = await CreateCheckAsync(projectId, "erp → shop", "erp-shop");
        var idle = await CreateCheckAsync(projectId, "pim → erp", "pim-erp");
        for (var i = 0; i < 3; i++)
        {
            await IngestAsync(Ping(amazon, "start", T0.AddMinutes(i)));
            await IngestAsync(Ping(amazon, i == 1 ? "fail" : "", T0.AddMinutes(i).AddSeconds(30)));
            await IngestAsync(Ping(shop, "", T0.AddMinutes(i).AddSeconds(40)));
        }

        var recent = await Store.ListRecentRunsAsync([amazon.Id, shop.Id, idle.Id], 2, Ct);

        Assert.Equal(await Store.ListRunsAsync(amazon.Id, 2, null, Ct), recent[amazon.Id]);
        Assert.Equal(await Store.ListRunsAsync(shop.Id, 2, null, Ct), recent[shop.Id]);
        Assert.Equal([T0.AddMinutes(2).AddSeconds(30), T0.AddMinutes(1).AddSeconds(30)], recent[amazon.Id].Select(r => r.FinishedAt!.Value));
        Assert.Equal([Core.Runs.RunOutcome.Success, Core.Runs.RunOutcome.Failed], recent[amazon.Id].Select(r => r.Outcome));
        Assert.Empty(recent[idle.Id]);
        Assert.Empty(await Store.ListRecentRunsAsync([], 2, Ct));
    }

    [Fact]
    public async Task ListRecentRunsAsync_LeavesOutTheLogs_AndKeepsTheReports()
    {
        var check = await CreateCheckAsync(await CreateProjectAsync());
        Assert.True(Core.Runs.RunReport.TryParse("""{"total":1200,"errors":3,"log":"3 SKUs refused by the store"}"""u8, out var report, out _));
        await IngestAsync(Ping(check, "", T0) with { Report = report });

        var listed = Assert.Single(await Store.ListRunsAsync(check.Id, 10, null, Ct));
        var recent = Assert.Single((await Store.ListRecentRunsAsync([check.Id], 10, Ct))[check.Id]);

        Assert.Equal("3 SKUs refused by the store", listed.Log);
        Assert.Null(recent.Log);
        Assert.Equal<double?>(1200, recent.Report![Core.Runs.RunReport.Total]);
        Assert.Equal<double?>(3, recent.Report[Core.Runs.RunReport.Errors]);
    }
}
