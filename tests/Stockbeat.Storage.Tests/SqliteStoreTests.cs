using Stockbeat.Storage;
using Stockbeat.Testing;

namespace Stockbeat.Storage.Tests;

/// <summary>The store contract on a fresh SQLite file per test.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly TempDirectory _directory = TestDatabases.NewDirectory();

    protected override async Task<IStore> CreateStoreAsync() => await TestDatabases.NewSqliteAsync(_directory);

    protected override IStore OpenSecondStore() => SqliteStore.Open(((SqliteStore)Store).FilePath);

    protected override ValueTask DropStoreAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
