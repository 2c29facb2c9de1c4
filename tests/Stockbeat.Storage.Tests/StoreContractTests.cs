using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Schedules;
using Stockbeat.Storage;

namespace Stockbeat.Storage.Tests;

/// <summary>
/// What every <see cref="IStore"/> backend must do. Each test runs once per backend through a sealed subclass
/// that only knows how to create and drop a fresh, migrated database. The partial files group the tests by
/// area: checks, pings, runs, alerts and channels.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    /// <summary>A fixed "now": a Thursday in winter, far from DST changes. Nothing here reads the clock.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 1, 15, 10, 0, 0, TimeSpan.Zero);

    /// <summary>The ping key of the project <see cref="CreateProjectAsync"/> makes (22 chars <c>[a-z0-9]</c>).</summary>
    protected const string PingKey = "storepingkey0000000001";

    /// <summary>A well-formed ping key that no project has.</summary>
    protected const string WrongPingKey = "wrongpingkey0000000009";

    protected const string ApiKey = "store-read-write-api-key-000001";
    protected const string ReadOnlyApiKey = "store-read-only-api-key-0000001";

    private IStore? _store;

    /// <summary>The store under test: fresh and migrated for every test.</summary>
    protected IStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates a fresh, migrated store for one test.</summary>
    protected abstract Task<IStore> CreateStoreAsync();

    /// <summary>
    /// Another store instance on the same database, as another node (PostgreSQL) or a restarted process (SQLite)
    /// would open it: it shares the rows but not the memory of <see cref="Store"/>.
    /// </summary>
    protected abstract IStore OpenSecondStore();

    /// <summary>Drops what <see cref="CreateStoreAsync"/> created.</summary>
    protected abstract ValueTask DropStoreAsync();

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public async ValueTask DisposeAsync()
    {
        await DropStoreAsync();
        GC.SuppressFinalize(this);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>A project with a ping key and a read-write and a read-only API key.</summary>
    /// <param name="pingKey">The project's ping key; each project needs its own.</param>
    /// <param name="suffix">Makes the keys of a second project differ from the first one's.</param>
    protected async Task<long> CreateProjectAsync(string pingKey = PingKey, string suffix = "")
    {
        var projectId = await Store.CreateProjectAsync($"Project{suffix}", T0, Ct);
        await Store.SetPingKeyHashAsync(projectId, KeyHash.Of(pingKey), Ct);
        await Store.AddApiKeyAsync(projectId, "read-write", KeyHash.Of(ApiKey + suffix), isReadOnly: false, T0, Ct);
        await Store.AddApiKeyAsync(projectId, "read-only", KeyHash.Of(ReadOnlyApiKey + suffix), isReadOnly: true, T0, Ct);
        return projectId;
    }

    /// <summary>A monitor expected every 5 minutes with 1 minute of grace.</summary>
    private static Check NewCheck(long projectId, string name = "Nightly backup", string slug = "nightly-backup") => new()
    {
        Uuid = Guid.NewGuid(),
        ProjectId = projectId,
        Name = name,
        Slug = slug,
        Schedule = new SimpleSchedule(TimeSpan.FromMinutes(5)),
        Grace = TimeSpan.FromMinutes(1),
        Created = T0,
    };

    protected Task<Check> CreateCheckAsync(long projectId, string name = "Nightly backup", string slug = "nightly-backup") =>
        Store.CreateCheckAsync(NewCheck(projectId, name, slug), Ct);

    /// <summary>A submission as the ping endpoint would build it from <c>/ping/{path}</c>.</summary>
    private static PingSubmission Ping(
        string path,
        DateTimeOffset at,
        Guid? rid = null,
        bool ridInvalid = false,
        bool create = false,
        byte[]? body = null,
        string method = "POST")
    {
        var parsed = PingPathParser.Parse(path, out var error)
            ?? throw new ArgumentException($"'{path}' is not a ping path ({error}).", nameof(path));
        return new PingSubmission(parsed, create, rid, ridInvalid, method, "203.0.113.7", "https", "curl/8.5.0", body ?? [], at);
    }

    protected static PingSubmission Ping(Check check, string suffix, DateTimeOffset at, Guid? rid = null, byte[]? body = null) =>
        Ping(suffix.Length == 0 ? $"{check.Uuid}" : $"{check.Uuid}/{suffix}", at, rid, body: body);

    protected async Task<PingResult> IngestAsync(PingSubmission ping, int keepPings = 100)
    {
        var results = await Store.IngestPingsAsync([ping], keepPings, Ct);
        return Assert.Single(results);
    }

    /// <summary>
    /// A monitor pinged with <paramref name="suffix"/> at <see cref="T0"/>, seen by the sweep <paramref name="after"/>
    /// later: the due row as the sweep reads it and the flip the rules decide for it.
    /// </summary>
    private async Task<(Check Check, Check Due, Flip Flip, DateTimeOffset Now)> DueCheckAsync(string suffix, TimeSpan after)
    {
        var check = await CreateCheckAsync(await CreateProjectAsync());
        await IngestAsync(Ping(check, suffix, T0));
        var now = T0 + after;
        var due = Assert.Single(await Store.FindDueChecksAsync(now, 10, Ct));
        var flip = CheckRules.Overdue(due, now);
        Assert.NotNull(flip);
        return (check, due, flip, now);
    }

    private async Task<Check> ReloadAsync(Check check) =>
        await Store.GetCheckAsync(check.Uuid, Ct) ?? throw new InvalidOperationException($"Monitor {check.Uuid} is gone.");

    private Task<IReadOnlyList<FlipRecord>> AllFlipsAsync(Check check) =>
        Store.ListFlipsAsync(check.Id, T0.AddDays(-1), T0.AddDays(30), Ct);
}
