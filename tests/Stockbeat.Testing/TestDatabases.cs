using Npgsql;
using Stockbeat.Storage;
using Xunit;

namespace Stockbeat.Testing;

/// <summary>
/// Real databases for tests: a fresh SQLite file, or a fresh schema in the PostgreSQL server that
/// build.sh starts (<c>STOCKBEAT_TEST_POSTGRES</c>). Without that variable PostgreSQL tests are skipped
/// with a visible reason, except under <c>CI=true</c>, where they fail.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "STOCKBEAT_TEST_POSTGRES";

    /// <summary>A temporary folder removed when disposed.</summary>
    public static TempDirectory NewDirectory() => new();

    /// <summary>A migrated SQLite store in <paramref name="directory"/>.</summary>
    public static async Task<SqliteStore> NewSqliteAsync(TempDirectory directory)
    {
        var store = SqliteStore.Open(Path.Combine(directory.Path, "stockbeat.db"));
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>
    /// A connection string for a new, empty schema of the test PostgreSQL server. Skips the test when no server
    /// is configured outside CI.
    /// </summary>
    public static async Task<string> NewPostgresSchemaAsync()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(server))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"{PostgresVariable} is not set but CI=true: PostgreSQL tests must run.");
            }

            Assert.Skip($"PostgreSQL tests skipped: {PostgresVariable} is not set (./build.sh test sets it).");
        }

        var schema = $"t_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }

    /// <summary>A migrated PostgreSQL store on a new schema.</summary>
    public static async Task<PostgresStore> NewPostgresAsync()
    {
        var store = PostgresStore.Open(await NewPostgresSchemaAsync());
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }
}

/// <summary>A folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"stockbeat-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        // SQLite's pool may still hold the file open for a moment; clearing it lets the folder go.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not a test failure.
        }
    }
}
