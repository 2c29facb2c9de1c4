using Npgsql;
using Stockbeat.Storage;
using Stockbeat.Testing;

namespace Stockbeat.Storage.Tests;

/// <summary>
/// The store contract on a fresh schema of the test PostgreSQL server per test; skipped (failed under CI)
/// when <c>STOCKBEAT_TEST_POSTGRES</c> is not set.
/// </summary>
public sealed class PostgresStoreTests : StoreContractTests
{
    private string? _connectionString;
    private NpgsqlDataSource? _dataSource;

    protected override async Task<IStore> CreateStoreAsync()
    {
        _connectionString = await TestDatabases.NewPostgresSchemaAsync();
        // The test owns the data source so that it can close its pooled connections: a store per test would
        // otherwise leave idle connections behind until the server runs out of slots.
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        var store = new PostgresStore(_dataSource);
        await store.MigrateAsync(TestContext.Current.CancellationToken);
        return store;
    }

    [Fact]
    public async Task SyncInsightsAsync_LeavesMonitorDue_InsteadOfWaiting_WhenAnotherTransactionHoldsItsRow()
    {
        var check = await CreateCheckAsync(await CreateProjectAsync());
        await IngestAsync(Ping(check, "", T0));
        var due = Assert.Single(await Store.FindChecksToAnalyzeAsync(0, 10, Ct));
        // As the ping writer holds the rows of its batch until it commits.
        await using var writer = await _dataSource!.OpenConnectionAsync(Ct);
        await using var batch = await writer.BeginTransactionAsync(Ct);
        await using (var hold = new NpgsqlCommand("SELECT id FROM checks WHERE id = @id FOR UPDATE", writer, batch))
        {
            hold.Parameters.AddWithValue("id", check.Id);
            await hold.ExecuteNonQueryAsync(Ct);
        }

        try
        {
            // Waiting for the row would never end: the holder lets go only after the call returns (or times out).
            await Store.SyncInsightsAsync([new InsightSync(check.Id, due.Due, [])], T0, Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
        finally
        {
            await batch.RollbackAsync(Ct);
        }

        var left = Assert.Single(await Store.FindChecksToAnalyzeAsync(0, 10, Ct));
        Assert.Equal((check.Id, due.Due), (left.Check.Id, left.Due));
    }

    protected override IStore OpenSecondStore() =>
        new PostgresStore(_dataSource ?? throw new InvalidOperationException("The store is created in InitializeAsync."));

    protected override async ValueTask DropStoreAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        if (_connectionString is null)
        {
            return;
        }

        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { Pooling = false };
        var schema = builder.SearchPath!;
        builder.SearchPath = null;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
