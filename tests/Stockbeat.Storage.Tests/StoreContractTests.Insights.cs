using Stockbeat.Core.Analysis;
using Stockbeat.Core.Runs;

namespace Stockbeat.Storage.Tests;

public abstract partial class StoreContractTests
{
    private static readonly Insight Slow = new(InsightKinds.DurationIncrease, InsightSeverity.Warning, "took 30 min, usual 5 min");
    private static readonly Insight Backlog = new(InsightKinds.BacklogGrowth, InsightSeverity.Warning, "backlog rising");

    [Fact]
    public async Task IngestPingsAsync_StoresRunsNewestFirst_WithOutcomeDurationAndReport()
    {
        var check = await CreateCheckAsync(await CreateProjectAsync());
        var rid = Guid.NewGuid();
        Assert.True(RunReport.TryParse("""{"total":20,"errors":1,"log":"ok"}"""u8, out var report, out _));

        await IngestAsync(Ping(check, "start", T0, rid));
        await IngestAsync(Ping(check, "", T0.AddSeconds(90), rid) with { Report = report });
        await IngestAsync(Ping(check, "fail", T0.AddSeconds(120)));

        var runs = await Store.ListRunsAsync(check.Id, 10, null, Ct);
        Assert.Equal([RunOutcome.Failed, RunOutcome.Success], runs.Select(r => r.Outcome));
        Assert.Null(runs[0].Duration);
        Assert.Equal(TimeSpan.FromSeconds(90), runs[1].Duration);
        Assert.Equal(rid, runs[1].Rid);
        Assert.Equal(20, runs[1].Report![RunReport.Total]);
        Assert.Equal("ok", runs[1].Log);
        Assert.Equal("the job reported a failure", runs[0].Reason);
    }

    [Fact]
    public async Task FindChecksToAnalyzeAsync_ListsCheck_OncePerFinishedRunsUntilSynced()
    {
        var check = await CreateCheckAsync(await CreateProjectAsync());
        await IngestAsync(Ping(check, "start", T0));
        var afterStart = await Store.FindChecksToAnalyzeAsync(0, 10, Ct);
        await IngestAsync(Ping(check, "", T0.AddSeconds(10)));
        await IngestAsync(Ping(check, "", T0.AddSeconds(20)));

        var due = Assert.Single(await Store.FindChecksToAnalyzeAsync(0, 10, Ct));
        await Store.SyncInsightsAsync([new InsightSync(check.Id, due.Due, [])], T0, Ct);

        Assert.Empty(afterStart);
        Assert.Equal((check.Id, 2L), (due.Check.Id, due.Due));
        Assert.Empty(await Store.FindChecksToAnalyzeAsync(0, 10, Ct));
    }

    [Fact]
    public async Task FindChecksToAnalyzeAsync_PagesUpTheIds()
    {
        var project = await CreateProjectAsync();
        var checks = new List<Stockbeat.Core.Checks.Check>();
        for (var i = 0; i < 3; i++)
        {
            checks.Add(await CreateCheckAsync(project, $"Sync {i}", $"sync-{i}"));
            await IngestAsync(Ping(checks[i], "", T0));
        }

        var first = await Store.FindChecksToAnalyzeAsync(0, 2, Ct);
        var rest = await Store.FindChecksToAnalyzeAsync(first[^1].Check.Id, 2, Ct);

        Assert.Equal([checks[0].Id, checks[1].Id], first.Select(d => d.Check.Id));
        Assert.Equal(checks[2].Id, Assert.Single(rest).Check.Id);
    }

    [Fact]
    public async Task SyncInsightsAsync_KeepsCheckDue_WhenRunFinishedDuringAnalysis()
    {
        var check = await CreateCheckAsync(await CreateProjectAsync());
        await IngestAsync(Ping(check, "", T0));
        var due = Assert.Single(await Store.FindChecksToAnalyzeAsync(0, 10, Ct));

        await IngestAsync(Ping(check, "", T0.AddSeconds(5)));
        await Store.SyncInsightsAsync([new InsightSync(check.Id, due.Due, [])], T0, Ct);

        Assert.Equal(2L, Assert.Single(await Store.FindChecksToAnalyzeAsync(0, 10, Ct)).Due);
    }

    [Fact]
    public async Task SyncInsightsAsync_RecordsConditionOnce_AndClearsItWhenGone()
    {
        var check = await CreateCheckAsync(await CreateProjectAsync());

        var first = await Store.SyncInsightsAsync([new InsightSync(check.Id, 0, [Slow])], T0, Ct);
        var again = await Store.SyncInsightsAsync([new InsightSync(check.Id, 0, [Slow, Backlog])], T0.AddMinutes(15), Ct);
        var gone = await Store.SyncInsightsAsync([new InsightSync(check.Id, 0, [Backlog])], T0.AddMinutes(30), Ct);
        var back = await Store.SyncInsightsAsync([new InsightSync(check.Id, 0, [Slow, Backlog])], T0.AddMinutes(45), Ct);

        Assert.Equal([InsightKinds.DurationIncrease], first.Select(i => i.Kind));
        Assert.Equal([InsightKinds.BacklogGrowth], again.Select(i => i.Kind));
        Assert.Empty(gone);
        Assert.Equal([InsightKinds.DurationIncrease], back.Select(i => i.Kind));
        var all = await Store.ListInsightsAsync(check.Id, 10, Ct);
        Assert.Equal(
            [
                (InsightKinds.DurationIncrease, T0.AddMinutes(45), (DateTimeOffset?)null),
                (InsightKinds.BacklogGrowth, T0.AddMinutes(15), null),
                (InsightKinds.DurationIncrease, T0, T0.AddMinutes(30)),
            ],
            all.Select(i => (i.Kind, i.OpenedAt, i.ClearedAt)));
        Assert.Equal("warning", all[0].Severity);
        Assert.Equal("took 30 min, usual 5 min", all[0].Message);
    }

    [Fact]
    public async Task SyncInsightsAsync_SyncsEveryMonitorOfThePass_WhenGivenSeveral()
    {
        var projectId = await CreateProjectAsync();
        var slow = await CreateCheckAsync(projectId, "ERP to Shopify", "erp-shopify");
        var backlogged = await CreateCheckAsync(projectId, "ERP to Amazon", "erp-amazon");
        var quiet = await CreateCheckAsync(projectId, "POS to web", "pos-web");
        await Store.SyncInsightsAsync([new InsightSync(quiet.Id, 0, [Slow])], T0, Ct);

        var opened = await Store.SyncInsightsAsync(
            [new InsightSync(slow.Id, 0, [Slow]), new InsightSync(backlogged.Id, 0, [Slow, Backlog]), new InsightSync(quiet.Id, 0, [])],
            T0.AddMinutes(5), Ct);

        Assert.Equal(
            [(slow.Id, InsightKinds.DurationIncrease), (backlogged.Id, InsightKinds.DurationIncrease), (backlogged.Id, InsightKinds.BacklogGrowth)],
            opened.Select(i => (i.CheckId, i.Kind)));
        Assert.Equal(T0.AddMinutes(5), Assert.Single(await Store.ListInsightsAsync(quiet.Id, 10, Ct)).ClearedAt);
    }

    [Fact]
    public async Task PruneRunsAsync_DeletesOnlyFinishedRunsOlderThanCutoff()
    {
        var check = await CreateCheckAsync(await CreateProjectAsync());
        await IngestAsync(Ping(check, "", T0));
        await IngestAsync(Ping(check, "", T0.AddDays(10)));
        await IngestAsync(Ping(check, "start", T0.AddDays(11)));

        var pruned = await Store.PruneRunsAsync(T0.AddDays(5), 100, Ct);

        Assert.Equal(1, pruned);
        var left = await Store.ListRunsAsync(check.Id, 10, null, Ct);
        Assert.Equal([RunOutcome.Running, RunOutcome.Success], left.Select(r => r.Outcome));
    }
}
