using Stockbeat.Core.Checks;
using Stockbeat.Core.Schedules;
using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

public abstract partial class StoreContractTests
{
    // ---------------------------------------------------------------- schema and health

    [Fact]
    public async Task MigrateAsync_IsIdempotent_WhenRunTwice()
    {
        await Store.MigrateAsync(Ct);
        await Store.MigrateAsync(Ct);

        var projectId = await Store.CreateProjectAsync("After migrations", T0, Ct);
        Assert.Equal(projectId, await Store.FindFirstProjectAsync(Ct));
    }

    [Fact]
    public async Task IsHealthyAsync_ReturnsTrue_WhenDatabaseIsReachable()
    {
        Assert.True(await Store.IsHealthyAsync(Ct));
    }

    // ---------------------------------------------------------------- projects and keys

    [Fact]
    public async Task FindFirstProjectAsync_ReturnsNull_WhenThereIsNoProject()
    {
        Assert.Null(await Store.FindFirstProjectAsync(Ct));
    }

    [Fact]
    public async Task FindFirstProjectAsync_ReturnsOldestProject_WhenSeveralExist()
    {
        var first = await CreateProjectAsync();
        await CreateProjectAsync(WrongPingKey, suffix: "-2");

        Assert.Equal(first, await Store.FindFirstProjectAsync(Ct));
    }

    [Fact]
    public async Task GetPingKeyHashAsync_ReturnsHashSet_WhenPingKeyWasSet()
    {
        var projectId = await CreateProjectAsync();

        Assert.Equal(KeyHash.Of(PingKey), await Store.GetPingKeyHashAsync(projectId, Ct));
    }

    [Fact]
    public async Task FindApiKeyAsync_ReturnsProjectAndReadOnlyFlag_WhenHashIsKnown()
    {
        var projectId = await CreateProjectAsync();

        var readWrite = await Store.FindApiKeyAsync(KeyHash.Of(ApiKey), Ct);
        var readOnly = await Store.FindApiKeyAsync(KeyHash.Of(ReadOnlyApiKey), Ct);

        Assert.Equal(new ApiKeyMatch(projectId, ReadOnly: false), readWrite);
        Assert.Equal(new ApiKeyMatch(projectId, ReadOnly: true), readOnly);
    }

    [Fact]
    public async Task FindApiKeyAsync_ReturnsNull_WhenHashIsUnknown()
    {
        await CreateProjectAsync();

        Assert.Null(await Store.FindApiKeyAsync(KeyHash.Of("no-such-api-key"), Ct));
    }

    [Fact]
    public async Task AddApiKeyAsync_KeepsFirstKey_WhenSameHashIsAddedTwice()
    {
        var projectId = await CreateProjectAsync();

        await Store.AddApiKeyAsync(projectId, "again", KeyHash.Of(ApiKey), isReadOnly: true, T0, Ct);

        Assert.Equal(new ApiKeyMatch(projectId, ReadOnly: false), await Store.FindApiKeyAsync(KeyHash.Of(ApiKey), Ct));
    }

    // ---------------------------------------------------------------- create, read, list

    [Fact]
    public async Task CreateCheckAsync_RoundTripsEveryField_WhenScheduleIsSimple()
    {
        var projectId = await CreateProjectAsync();
        var check = new Check
        {
            Uuid = Guid.NewGuid(),
            ProjectId = projectId,
            Name = "ERP → Amazon sync",
            Slug = "erp-sync",
            Tags = "prod erp",
            Description = "Runs every 15 minutes; pages the on-call person. Ünïcödé too.",
            Schedule = new SimpleSchedule(TimeSpan.FromMinutes(15)),
            Grace = TimeSpan.FromMinutes(5),
            MaxRuntime = TimeSpan.FromMinutes(10),
            ManualResume = true,
            Methods = "POST",
            Status = CheckStatus.Up,
            LastPing = T0.AddMinutes(-3),
            LastStart = T0.AddMinutes(-1),
            LastStartRid = Guid.NewGuid(),
            LastDuration = TimeSpan.FromMilliseconds(12_345),
            PingCount = 42,
            Deadline = T0.AddMinutes(9),
            Created = T0.AddDays(-7),
        };

        var created = await Store.CreateCheckAsync(check, Ct);
        var fetched = await Store.GetCheckAsync(check.Uuid, Ct);

        Assert.True(created.Id > 0);
        Assert.Equal(1, created.Version);
        Assert.Equal(check with { Id = created.Id, Version = 1 }, created);
        Assert.Equal(created, fetched);
        Assert.Equal(created, Assert.Single(await Store.ListChecksAsync(projectId, Ct)));
    }

    [Fact]
    public async Task CreateCheckAsync_RoundTripsCronScheduleWithTimeZone_WhenScheduleIsCron()
    {
        var projectId = await CreateProjectAsync();
        var check = NewCheck(projectId) with
        {
            Schedule = CronSchedule.Parse("30 2 * * 1-5", "Europe/Berlin"),
            Grace = TimeSpan.FromHours(2),
            MaxRuntime = null,
            ManualResume = false,
            Methods = "",
            Tags = "",
            Description = "",
        };

        var created = await Store.CreateCheckAsync(check, Ct);
        var fetched = await Store.GetCheckAsync(check.Uuid, Ct);

        Assert.NotNull(fetched);
        var cron = Assert.IsType<CronSchedule>(fetched.Schedule);
        Assert.Equal("30 2 * * 1-5", cron.Expression);
        Assert.Equal("Europe/Berlin", cron.TimeZone);
        Assert.Equal(TimeSpan.FromHours(2), fetched.Grace);
        Assert.Null(fetched.MaxRuntime);
        Assert.Null(fetched.LastPing);
        Assert.Null(fetched.Deadline);
        Assert.Equal(created, fetched);
    }

    [Fact]
    public async Task GetCheckAsync_ReturnsNull_WhenUuidIsUnknown()
    {
        await CreateProjectAsync();

        Assert.Null(await Store.GetCheckAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task ListChecksAsync_ReturnsOwnProjectsChecksOldestFirst_WhenProjectsShareTheStore()
    {
        var (projectId, first, second, _) = await TwoChecksBesideAnotherProjectsAsync();

        var checks = await Store.ListChecksAsync(projectId, Ct);

        Assert.Equal([first.Uuid, second.Uuid], checks.Select(c => c.Uuid));
    }

    [Fact]
    public async Task StreamChecksAsync_YieldsOwnProjectsChecksOldestFirst_WhenProjectsShareTheStore()
    {
        var (projectId, first, second, _) = await TwoChecksBesideAnotherProjectsAsync();

        var streamed = new List<Check>();
        await foreach (var check in Store.StreamChecksAsync(projectId, Ct))
        {
            streamed.Add(check);
        }

        Assert.Equal([(first.Uuid, "First"), (second.Uuid, "Second")], streamed.Select(c => (c.Uuid, c.Name)));
    }

    /// <summary>Two monitors of one project, created around a monitor of another project.</summary>
    private async Task<(long ProjectId, Check First, Check Second, Check Other)> TwoChecksBesideAnotherProjectsAsync()
    {
        var projectId = await CreateProjectAsync();
        var otherProjectId = await CreateProjectAsync(WrongPingKey, suffix: "-2");
        var first = await CreateCheckAsync(projectId, "First", "first");
        var other = await CreateCheckAsync(otherProjectId, "Other", "other");
        var second = await CreateCheckAsync(projectId, "Second", "second");
        return (projectId, first, second, other);
    }

    // ---------------------------------------------------------------- edit and delete

    [Fact]
    public async Task EditCheckAsync_StoresEditAndFlip_WhenEditChangesTheCheck()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        var pausedAt = T0.AddMinutes(2);

        var edited = await Store.EditCheckAsync(projectId, check.Uuid, current =>
        {
            var (paused, flip) = CheckRules.Pause(current, pausedAt);
            return new CheckEdit(paused with { Name = "Renamed", Tags = "paused" }, flip);
        }, Ct);

        Assert.NotNull(edited);
        Assert.Equal(CheckStatus.Paused, edited.Status);
        Assert.Equal("Renamed", edited.Name);
        Assert.Equal(check.Version + 1, edited.Version);
        Assert.Equal(edited, await Store.GetCheckAsync(check.Uuid, Ct));
        var flip = Assert.Single(await AllFlipsAsync(check));
        Assert.Equal(check.Id, flip.CheckId);
        Assert.Equal(new Flip(CheckStatus.New, CheckStatus.Paused, pausedAt, FlipReason.Paused), flip.Flip);
    }

    [Fact]
    public async Task EditCheckAsync_ReturnsNull_WhenUuidIsUnknown()
    {
        var projectId = await CreateProjectAsync();
        var called = false;

        var edited = await Store.EditCheckAsync(projectId, Guid.NewGuid(), current =>
        {
            called = true;
            return CheckEdit.None;
        }, Ct);

        Assert.Null(edited);
        Assert.False(called);
    }

    [Fact]
    public async Task EditCheckAsync_ReturnsNull_WhenCheckBelongsToAnotherProject()
    {
        var projectId = await CreateProjectAsync();
        var otherProjectId = await CreateProjectAsync(WrongPingKey, suffix: "-2");
        var check = await CreateCheckAsync(projectId);

        var edited = await Store.EditCheckAsync(otherProjectId, check.Uuid,
            current => new CheckEdit(current with { Name = "Hijacked" }), Ct);

        Assert.Null(edited);
        Assert.Equal("Nightly backup", (await ReloadAsync(check)).Name);
    }

    [Fact]
    public async Task EditCheckAsync_LeavesCheckUnchanged_WhenEditIsNone()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        var edited = await Store.EditCheckAsync(projectId, check.Uuid, _ => CheckEdit.None, Ct);

        Assert.Equal(check, edited);
        Assert.Equal(check, await ReloadAsync(check));
        Assert.Empty(await AllFlipsAsync(check));
    }

    [Fact]
    public async Task DeleteCheckAsync_RemovesCheckWithItsPingsFlipsAndIncidents_WhenCheckExists()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);
        var keep = await CreateCheckAsync(projectId, "Keep", "keep");
        await IngestAsync(Ping(check, "fail", T0, body: [1, 2, 3]));
        await IngestAsync(Ping(keep, "", T0));
        Assert.NotEmpty(await AllFlipsAsync(check));
        Assert.NotEmpty(await Store.ListIncidentsAsync(check.Id, Ct));

        var deleted = await Store.DeleteCheckAsync(projectId, check.Uuid, Ct);

        Assert.True(deleted);
        Assert.Null(await Store.GetCheckAsync(check.Uuid, Ct));
        Assert.Empty(await Store.ListPingsAsync(check.Id, 100, Ct));
        Assert.Null(await Store.GetPingBodyAsync(check.Id, 1, Ct));
        Assert.Empty(await AllFlipsAsync(check));
        Assert.Empty(await Store.ListIncidentsAsync(check.Id, Ct));
        Assert.Single(await Store.ListPingsAsync(keep.Id, 100, Ct));
        Assert.Equal([keep.Uuid], (await Store.ListChecksAsync(projectId, Ct)).Select(c => c.Uuid));
    }

    [Fact]
    public async Task DeleteCheckAsync_ReturnsFalse_WhenCheckIsUnknownOrInAnotherProject()
    {
        var projectId = await CreateProjectAsync();
        var otherProjectId = await CreateProjectAsync(WrongPingKey, suffix: "-2");
        var check = await CreateCheckAsync(projectId);

        Assert.False(await Store.DeleteCheckAsync(projectId, Guid.NewGuid(), Ct));
        Assert.False(await Store.DeleteCheckAsync(otherProjectId, check.Uuid, Ct));
        Assert.NotNull(await Store.GetCheckAsync(check.Uuid, Ct));
    }
}
