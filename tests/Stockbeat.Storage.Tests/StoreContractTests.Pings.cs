using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Schedules;
using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

public abstract partial class StoreContractTests
{
    // ---------------------------------------------------------------- by uuid

    [Fact]
    public async Task IngestPingsAsync_StoresPingAndUpdatesCheck_WhenUuidIsKnown()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        var rid = Guid.NewGuid();
        var body = "backup done"u8.ToArray();

        Assert.Equal(PingResult.Ok, await IngestAsync(Ping($"{check.Uuid}/start", T0, rid)));
        Assert.Equal(PingResult.Ok, await IngestAsync(Ping($"{check.Uuid}/0", T0.AddSeconds(30), rid, body: body, method: "GET")));

        var pings = await Store.ListPingsAsync(check.Id, 10, Ct);
        Assert.Equal(2, pings.Count);
        Assert.Equal(
            new StoredPing(2, PingKind.Success, T0.AddSeconds(30), 0, rid, "GET", "203.0.113.7", "https", "curl/8.5.0",
                body.Length, TimeSpan.FromSeconds(30)),
            pings[0]);
        Assert.Equal(
            new StoredPing(1, PingKind.Start, T0, null, rid, "POST", "203.0.113.7", "https", "curl/8.5.0", 0, null),
            pings[1]);
        var stored = await ReloadAsync(check);
        Assert.Equal(CheckStatus.Up, stored.Status);
        Assert.Equal(T0.AddSeconds(30), stored.LastPing);
        Assert.Null(stored.LastStart);
        Assert.Equal(2, stored.PingCount);
        Assert.Equal(T0.AddSeconds(30) + TimeSpan.FromMinutes(5) + TimeSpan.FromMinutes(1), stored.Deadline);
    }

    [Fact]
    public async Task ListPingsAsync_ReturnsNewestFirstUpToLimit_WhenThereAreMorePings()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "start", T0));
        await IngestAsync(Ping(check, "log", T0.AddSeconds(1)));
        await IngestAsync(Ping(check, "3", T0.AddSeconds(2)));

        var pings = await Store.ListPingsAsync(check.Id, 2, Ct);

        Assert.Equal([3, 2], pings.Select(p => p.N));
        Assert.Equal([PingKind.Fail, PingKind.Log], pings.Select(p => p.Kind));
        Assert.Equal(3, pings[0].ExitStatus);
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsNotFoundAndStoresNothing_WhenUuidIsUnknown()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        var result = await IngestAsync(Ping($"{Guid.NewGuid()}", T0));

        Assert.Equal(PingResult.NotFound, result);
        Assert.Equal(check, await ReloadAsync(check));
        Assert.Empty(await Store.ListPingsAsync(check.Id, 10, Ct));
        Assert.Equal([check.Uuid], (await Store.ListChecksAsync(projectId, Ct)).Select(c => c.Uuid));
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsInvalidUrlFormatAndStoresNothing_WhenExitStatusIsOutOfRange()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        var result = await IngestAsync(Ping($"{check.Uuid}/256", T0));

        Assert.Equal(PingResult.InvalidUrlFormat, result);
        var stored = await ReloadAsync(check);
        Assert.Equal(0, stored.PingCount);
        Assert.Equal(check, stored);
        Assert.Empty(await Store.ListPingsAsync(check.Id, 10, Ct));
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsNotFound_WhenExitStatusIsOutOfRangeOnUnknownUuid()
    {
        await CreateProjectAsync();

        Assert.Equal(PingResult.NotFound, await IngestAsync(Ping($"{Guid.NewGuid()}/1000", T0)));
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsInvalidUuidFormatAndStoresNothing_WhenRidIsInvalid()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        var result = await IngestAsync(Ping($"{check.Uuid}/start", T0, ridInvalid: true));

        Assert.Equal(PingResult.InvalidUuidFormat, result);
        Assert.Equal(check, await ReloadAsync(check));
        Assert.Empty(await Store.ListPingsAsync(check.Id, 10, Ct));
    }

    [Fact]
    public async Task IngestPingsAsync_StoresIgnoredPingWithoutStatusChange_WhenMethodIsNotAllowed()
    {
        var projectId = await CreateProjectAsync();
        var check = await Store.CreateCheckAsync(NewCheck(projectId) with { Methods = "POST" }, Ct);

        var result = await IngestAsync(Ping($"{check.Uuid}", T0, method: "GET"));

        Assert.Equal(PingResult.Ok, result);
        var ping = Assert.Single(await Store.ListPingsAsync(check.Id, 10, Ct));
        Assert.Equal((PingKind.Ignored, "GET"), (ping.Kind, ping.Method));
        var stored = await ReloadAsync(check);
        Assert.Equal((CheckStatus.New, 1), (stored.Status, stored.PingCount));
        Assert.Null(stored.LastPing);
        Assert.Empty(await AllFlipsAsync(check));
    }

    [Fact]
    public async Task IngestPingsAsync_LeavesCheckPaused_WhenManualResumeIsSet()
    {
        var projectId = await CreateProjectAsync();
        var check = await Store.CreateCheckAsync(
            NewCheck(projectId) with { Status = CheckStatus.Paused, ManualResume = true }, Ct);

        await IngestAsync(Ping(check, "", T0));

        Assert.Equal(PingKind.Ignored, Assert.Single(await Store.ListPingsAsync(check.Id, 10, Ct)).Kind);
        Assert.Equal(CheckStatus.Paused, (await ReloadAsync(check)).Status);
    }

    [Fact]
    public async Task IngestPingsAsync_ResumesPausedCheck_WhenManualResumeIsNotSet()
    {
        var projectId = await CreateProjectAsync();
        var check = await Store.CreateCheckAsync(NewCheck(projectId) with { Status = CheckStatus.Paused }, Ct);

        await IngestAsync(Ping(check, "", T0));

        Assert.Equal(CheckStatus.Up, (await ReloadAsync(check)).Status);
        Assert.Equal(
            new Flip(CheckStatus.Paused, CheckStatus.Up, T0, FlipReason.Success),
            Assert.Single(await AllFlipsAsync(check)).Flip);
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsNotFound_WhenRidIsInvalidOnUnknownUuid()
    {
        await CreateProjectAsync();

        Assert.Equal(PingResult.NotFound, await IngestAsync(Ping($"{Guid.NewGuid()}", T0, ridInvalid: true)));
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsInvalidUrlFormat_WhenExitStatusIsOutOfRangeAndRidIsInvalid()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        var result = await IngestAsync(Ping($"{check.Uuid}/999", T0, ridInvalid: true));

        Assert.Equal(PingResult.InvalidUrlFormat, result);
        Assert.Equal(check, await ReloadAsync(check));
    }

    // ---------------------------------------------------------------- by slug

    [Fact]
    public async Task IngestPingsAsync_ReturnsOk_WhenSlugPingCarriesProjectPingKey()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId, slug: "erp-sync");

        var result = await IngestAsync(Ping($"{PingKey}/erp-sync", T0));

        Assert.Equal(PingResult.Ok, result);
        var stored = await ReloadAsync(check);
        Assert.Equal(1, stored.PingCount);
        Assert.Equal(CheckStatus.Up, stored.Status);
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsNotFoundAndStoresNothing_WhenSlugPingCarriesWrongKey()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId, slug: "erp-sync");

        var result = await IngestAsync(Ping($"{WrongPingKey}/erp-sync", T0));

        Assert.Equal(PingResult.NotFound, result);
        Assert.Equal(check, await ReloadAsync(check));
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsNotFound_WhenSlugIsUnknownWithoutCreate()
    {
        await CreateProjectAsync();

        Assert.Equal(PingResult.NotFound, await IngestAsync(Ping($"{PingKey}/no-such-slug", T0)));
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsNotFound_WhenSlugBelongsToAnotherProject()
    {
        var projectId = await CreateProjectAsync();
        await CreateProjectAsync(WrongPingKey, suffix: "-2");
        var check = await CreateCheckAsync(projectId, slug: "erp-sync");

        Assert.Equal(PingResult.NotFound, await IngestAsync(Ping($"{WrongPingKey}/erp-sync", T0)));
        Assert.Equal(check, await ReloadAsync(check));
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsAmbiguousSlugAndStoresNothing_WhenTwoChecksShareTheSlug()
    {
        var projectId = await CreateProjectAsync();
        var first = await CreateCheckAsync(projectId, "First", "backup");
        var second = await CreateCheckAsync(projectId, "Second", "backup");

        var result = await IngestAsync(Ping($"{PingKey}/backup", T0));

        Assert.Equal(PingResult.AmbiguousSlug, result);
        Assert.Equal(first, await ReloadAsync(first));
        Assert.Equal(second, await ReloadAsync(second));
    }

    [Fact]
    public async Task IngestPingsAsync_CreatesCheckNamedAfterSlug_WhenCreateIsSetAndSlugIsUnknown()
    {
        var projectId = await CreateProjectAsync();

        var first = await IngestAsync(Ping($"{PingKey}/new-job", T0, create: true));
        var second = await IngestAsync(Ping($"{PingKey}/new-job", T0.AddMinutes(1), create: true));

        Assert.Equal(PingResult.Created, first);
        Assert.Equal(PingResult.Ok, second);
        var check = Assert.Single(await Store.ListChecksAsync(projectId, Ct));
        Assert.Equal("new-job", check.Name);
        Assert.Equal("new-job", check.Slug);
        Assert.Equal(new SimpleSchedule(TimeSpan.FromDays(1)), check.Schedule);
        Assert.Equal(TimeSpan.FromHours(1), check.Grace);
        Assert.Equal(CheckStatus.Up, check.Status);
        Assert.Equal(2, check.PingCount);
        Assert.Equal(T0.AddMinutes(1), check.LastPing);
        Assert.Equal(T0.AddMinutes(1) + TimeSpan.FromDays(1) + TimeSpan.FromHours(1), check.Deadline);
        Assert.Equal(2, (await Store.ListPingsAsync(check.Id, 10, Ct)).Count);
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsNotFoundAndCreatesNothing_WhenCreateIsSetWithWrongKey()
    {
        var projectId = await CreateProjectAsync();

        var result = await IngestAsync(Ping($"{WrongPingKey}/new-job", T0, create: true));

        Assert.Equal(PingResult.NotFound, result);
        Assert.Empty(await Store.ListChecksAsync(projectId, Ct));
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsInvalidUrlFormatAndCreatesNothing_WhenCreateIsSetWithOutOfRangeExitStatus()
    {
        var projectId = await CreateProjectAsync();

        var result = await IngestAsync(Ping($"{PingKey}/new-job/300", T0, create: true));

        Assert.Equal(PingResult.InvalidUrlFormat, result);
        Assert.Empty(await Store.ListChecksAsync(projectId, Ct));
    }

    // ---------------------------------------------------------------- bodies

    [Fact]
    public async Task GetPingBodyAsync_ReturnsBytesUnchanged_WhenBodyIsNotUtf8()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        byte[] body = [0xFF, 0xFE, 0x00, 0x41, 0xC3, 0x28, 0x80, 0x0A];

        await IngestAsync(Ping(check, "log", T0, body: body));

        Assert.Equal(body, await Store.GetPingBodyAsync(check.Id, 1, Ct));
        Assert.Equal(body.Length, Assert.Single(await Store.ListPingsAsync(check.Id, 10, Ct)).BodySize);
    }

    [Fact]
    public async Task GetPingBodyAsync_ReturnsNull_WhenBodyWasEmpty()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        await IngestAsync(Ping(check, "", T0, body: []));

        Assert.Null(await Store.GetPingBodyAsync(check.Id, 1, Ct));
        Assert.Equal(0, Assert.Single(await Store.ListPingsAsync(check.Id, 10, Ct)).BodySize);
    }

    [Fact]
    public async Task GetPingBodyAsync_ReturnsNull_WhenPingNumberDoesNotExist()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        await IngestAsync(Ping(check, "", T0, body: [1]));

        Assert.Null(await Store.GetPingBodyAsync(check.Id, 2, Ct));
    }

    // ---------------------------------------------------------------- batches and pruning

    [Fact]
    public async Task IngestPingsAsync_ReturnsOneResultPerPingInOrder_WhenBatchIsMixed()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId, slug: "erp-sync");
        PingSubmission[] batch =
        [
            Ping(check, "start", T0),
            Ping($"{Guid.NewGuid()}", T0.AddSeconds(1)),
            Ping(check, "1000", T0.AddSeconds(2)),
            Ping($"{PingKey}/erp-sync", T0.AddSeconds(3)),
            Ping($"{WrongPingKey}/erp-sync", T0.AddSeconds(4)),
            Ping($"{PingKey}/batch-new", T0.AddSeconds(5), create: true),
            Ping($"{PingKey}/batch-new/fail", T0.AddSeconds(6), create: true),
            Ping(check, "fail", T0.AddSeconds(7)),
        ];

        var results = await Store.IngestPingsAsync(batch, 100, Ct);

        Assert.Equal(
            [
                PingResult.Ok, PingResult.NotFound, PingResult.InvalidUrlFormat, PingResult.Ok,
                PingResult.NotFound, PingResult.Created, PingResult.Ok, PingResult.Ok,
            ],
            results);
        var stored = await ReloadAsync(check);
        Assert.Equal(3, stored.PingCount);
        Assert.Equal(CheckStatus.Down, stored.Status);
        Assert.Equal([3, 2, 1], (await Store.ListPingsAsync(check.Id, 10, Ct)).Select(p => p.N));
        var created = Assert.Single(await Store.ListChecksAsync(projectId, Ct), c => c.Slug == "batch-new");
        Assert.Equal(2, created.PingCount);
    }

    [Fact]
    public async Task IngestPingsAsync_ReturnsEmpty_WhenBatchIsEmpty()
    {
        Assert.Empty(await Store.IngestPingsAsync([], 100, Ct));
    }

    [Fact]
    public async Task IngestPingsAsync_KeepsNewestPings_WhenMoreThanKeepPingsArrive()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PingResult.Ok, await IngestAsync(Ping(check, "", T0.AddMinutes(i), body: [(byte)i]), keepPings: 3));
        }

        Assert.Equal([5, 4, 3], (await Store.ListPingsAsync(check.Id, 100, Ct)).Select(p => p.N));
        Assert.Null(await Store.GetPingBodyAsync(check.Id, 2, Ct));
        Assert.Equal([4], await Store.GetPingBodyAsync(check.Id, 5, Ct));
        Assert.Equal(5, (await ReloadAsync(check)).PingCount);
    }

    [Fact]
    public async Task IngestPingsAsync_DeletesOldPingsAStepAtATime_WhenTwentyOrMoreAreKept()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        for (var i = 1; i <= 21; i++)
        {
            Assert.Equal(PingResult.Ok, await IngestAsync(Ping(check, "", T0.AddMinutes(i)), keepPings: 20));
        }

        var beforeStep = (await Store.ListPingsAsync(check.Id, 100, Ct)).Select(p => p.N).ToList();
        Assert.Equal(PingResult.Ok, await IngestAsync(Ping(check, "", T0.AddMinutes(22)), keepPings: 20));
        var afterStep = (await Store.ListPingsAsync(check.Id, 100, Ct)).Select(p => p.N).ToList();

        // A step is a tenth of the pings kept: two here, deleted together once the 22nd ping arrives.
        Assert.Equal(Enumerable.Range(1, 21).Reverse(), beforeStep);
        Assert.Equal(Enumerable.Range(3, 20).Reverse(), afterStep);
    }
}
