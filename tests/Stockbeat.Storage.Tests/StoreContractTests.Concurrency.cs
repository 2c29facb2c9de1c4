using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

/// <summary>
/// Several callers at once, each on its own connection, as several ping handlers, sweepers or notifiers
/// (possibly on several nodes) would be. SQLite serialises writers; PostgreSQL relies on row locks and
/// conditional updates, so these are the tests that tell the two apart.
/// </summary>
public abstract partial class StoreContractTests
{
    private const int Racers = 8;

    /// <summary>Runs <paramref name="action"/> <see cref="Racers"/> times in parallel, released together.</summary>
    private static async Task<T[]> RaceAsync<T>(Func<int, Task<T>> action)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, Racers)
            .Select(i => Task.Run(async () =>
            {
                start.Wait(Ct);
                return await action(i);
            }, Ct))
            .ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    [Fact]
    public async Task IngestPingsAsync_NumbersEveryPing_WhenPingsForOneCheckRace()
    {
        var projectId = await CreateProjectAsync();
        var check = await CreateCheckAsync(projectId);

        var results = await RaceAsync(i => IngestAsync(Ping(check, "log", T0.AddSeconds(i))));

        Assert.All(results, r => Assert.Equal(PingResult.Ok, r));
        Assert.Equal(Racers, (await ReloadAsync(check)).PingCount);
        Assert.Equal(
            Enumerable.Range(1, Racers).Reverse(),
            (await Store.ListPingsAsync(check.Id, 100, Ct)).Select(p => p.N));
    }

    [Fact]
    public async Task IngestPingsAsync_CreatesOneCheck_WhenCreatePingsForNewSlugRace()
    {
        var projectId = await CreateProjectAsync();

        var results = await RaceAsync(i => IngestAsync(Ping($"{PingKey}/raced-job", T0.AddSeconds(i), create: true)));

        // A second monitor with the same slug would make every later ping of it answer 409 ambiguous slug.
        var checks = await Store.ListChecksAsync(projectId, Ct);
        Assert.Equal(["raced-job"], checks.Select(c => c.Slug));
        Assert.Equal(Racers, checks[0].PingCount);
        Assert.Single(results, r => r == PingResult.Created);
        Assert.Equal(Racers - 1, results.Count(r => r == PingResult.Ok));
    }

    [Fact]
    public async Task EditCheckAsync_AppliesEveryEdit_WhenEditsRace()
    {
        var projectId = await CreateProjectAsync();
        var check = await Store.CreateCheckAsync(NewCheck(projectId) with { Description = "" }, Ct);

        var edited = await RaceAsync(i => Store.EditCheckAsync(projectId, check.Uuid,
            current => new CheckEdit(current with { Description = current.Description + (char)('a' + i) }), Ct));

        Assert.All(edited, Assert.NotNull);
        var stored = await ReloadAsync(check);
        Assert.Equal(Racers, stored.Description.Length);
        Assert.Equal(Racers, stored.Description.Distinct().Count());
        Assert.Equal(check.Version + Racers, stored.Version);
    }

    [Fact]
    public async Task ApplyDueFlipsAsync_FlipsOnce_WhenSweepersRace()
    {
        var (check, due, flip, _) = await DueCheckAsync("", TimeSpan.FromMinutes(7));

        var applied = await RaceAsync(_ => Store.ApplyDueFlipsAsync([(due, flip)], Ct));

        Assert.Equal(1, applied.Sum());
        Assert.Single(await AllFlipsAsync(check), f => f.Flip.To == CheckStatus.Down);
        Assert.Single(await Store.ListIncidentsAsync(check.Id, Ct));
    }

}
