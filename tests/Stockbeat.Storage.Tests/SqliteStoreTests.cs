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
