using Microsoft.Data.Sqlite;
using Stockbeat.Storage;
using Stockbeat.Testing;

namespace Stockbeat.Storage.Tests;

/// <summary>The store contract on a fresh SQLite file per test.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly TempDirectory _directory = TestDatabases.NewDirectory();

    protected override async Task<IStore> CreateStoreAsync() => await TestDatabases.NewSqliteAsync(_directory);

    protected override IStore OpenSecondStore() => SqliteStore.Open(((SqliteStore)Store).FilePath);

    [Fact]
    public async Task A_checkpoint_copies_committed_writes_from_the_log_into_the_database_file()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(0, await Store.CheckpointAsync(ct));
        var project = await Store.CreateProjectAsync("Written after the checkpoint", T0, ct);

        // The database file alone, as a copy without its -wal file shows it.
        Assert.Null(await ProjectNameInFileAloneAsync(project, ct));
        Assert.Equal(0, await Store.CheckpointAsync(ct));
        Assert.Equal("Written after the checkpoint", await ProjectNameInFileAloneAsync(project, ct));
    }

    [Fact]
    public async Task Migrating_to_pings_stored_by_monitor_keeps_every_stored_ping()
    {
        var ct = TestContext.Current.CancellationToken;
        var migrated = await MigratedFromAsync(beforeVersion: 6,
            OldMonitorRow
            + "INSERT INTO pings (check_id, n, kind, created, method, remote_addr, scheme, ua, body) VALUES"
            + " (7, 1, 'start', 1000, 'GET', '10.0.0.1', 'http', 'curl', NULL),"
            + " (7, 2, 'success', 2000, 'POST', '10.0.0.1', 'https', 'curl', x'6f6b')",
            ct);

        var pings = await migrated.ListPingsAsync(7, 10, ct);
        Assert.Equal([2, 1], pings.Select(p => p.N));
        Assert.Equal("ok", System.Text.Encoding.UTF8.GetString((await migrated.GetPingBodyAsync(7, 2, ct))!));
    }

    [Fact]
    public async Task A_monitor_made_before_unique_keys_were_stored_is_found_by_its_unique_key()
    {
        var ct = TestContext.Current.CancellationToken;
        var migrated = await MigratedFromAsync(beforeVersion: 8, OldMonitorRow, ct);
        var uuid = Guid.Parse(OldMonitorUuid);

        var found = await migrated.FindCheckByUniqueKeyAsync(1, Stockbeat.Core.Checks.UniqueKeys.Of(uuid), ct);

        Assert.Equal((7L, "ERP to shop"), (found?.Id, found?.Name));
        Assert.Null(await migrated.FindCheckByUniqueKeyAsync(1, Stockbeat.Core.Checks.UniqueKeys.Of(Guid.NewGuid()), ct));
    }

    private const string OldMonitorUuid = "6f1c1e7e-0000-4000-8000-000000000007";

    // A project and a monitor (id 7) as the first migrations' columns hold them.
    private const string OldMonitorRow =
        "INSERT INTO projects (id, name, created) VALUES (1, 'Shop', 0);"
        + "INSERT INTO checks (id, uuid, project_id, name, slug, tags, description, kind, timeout_s, schedule, tz, grace_s,"
        + " manual_resume, methods, status, n_pings, created, version)"
        + $" VALUES (7, '{OldMonitorUuid}', 1, 'ERP to shop', 'erp-to-shop', '', '', 'simple', 86400, '',"
        + " 'UTC', 3600, 0, '', 'up', 2, 0, 1);";

    /// <summary>A database made by the migrations before <paramref name="beforeVersion"/>, holding <paramref name="rows"/>, then migrated.</summary>
    private async Task<SqliteStore> MigratedFromAsync(long beforeVersion, string rows, CancellationToken ct)
    {
        var path = Path.Combine(_directory.Path, $"before-{beforeVersion:000}.db");
        await using (var old = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
        {
            await old.OpenAsync(ct);
            await ExecuteAsync(old, "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)", ct);
            foreach (var (version, sql) in MigrationScripts().Where(m => m.Version < beforeVersion))
            {
                await ExecuteAsync(old, sql, ct);
                await ExecuteAsync(old, $"INSERT INTO schema_migrations VALUES ({version}, 'script {version}', 0)", ct);
            }

            await ExecuteAsync(old, rows, ct);
        }

        var migrated = SqliteStore.Open(path);
        await migrated.MigrateAsync(ct);
        return migrated;
    }

    private static IEnumerable<(long Version, string Sql)> MigrationScripts()
    {
        var assembly = typeof(SqliteStore).Assembly;
        const string prefix = "Stockbeat.Storage.Migrations.Sqlite.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            var version = name[prefix.Length..name.IndexOf('_', prefix.Length)];
            yield return (long.Parse(version, System.Globalization.CultureInfo.InvariantCulture), reader.ReadToEnd());
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<string?> ProjectNameInFileAloneAsync(long projectId, CancellationToken ct)
    {
        var copy = Path.Combine(_directory.Path, $"copy-{Guid.NewGuid():N}.db");
        File.Copy(((SqliteStore)Store).FilePath, copy);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM projects WHERE id = $id";
        command.Parameters.AddWithValue("$id", projectId);
        return (string?)await command.ExecuteScalarAsync(ct);
    }

    protected override ValueTask DropStoreAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
