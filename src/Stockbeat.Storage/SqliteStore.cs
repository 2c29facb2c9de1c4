using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Stockbeat.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. SQLite has one writer at a time, so write transactions
/// start with <c>BEGIN IMMEDIATE</c> and need no row locks.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    // The checkpoint worker copies the log into the file in the background. SQLite's own checkpoint, run by the
    // committing connection (the ping writer) and flushing the file, is the backstop for when that falls behind: at
    // its default of 1 000 pages it ran every few batches under load, on the writer's time.
    private const int AutoCheckpointPages = 20_000;

    // The journaled ping writer's page cache, in KiB. Each ping touches about five pages at random; with SQLite's
    // default of 2 MB nearly every one was read back through the kernel, which was a third of the writer's time.
    private const int JournaledWriterCacheKib = 128 * 1024;

    private readonly DbDataSource _journaledWriter;

    private SqliteStore(DbDataSource dataSource, DbDataSource journaledWriter, string path)
        : base(dataSource)
    {
        FilePath = path;
        _journaledWriter = journaledWriter;
    }

    /// <summary>The database file.</summary>
    public string FilePath { get; }

    /// <inheritdoc />
    public override string Dialect => "sqlite";

    /// <inheritdoc />
    protected override string ForUpdate => "";

    /// <inheritdoc />
    protected override string ForUpdateSkipLocked => "";

    /// <inheritdoc />
    protected override string IsNotDistinctFrom => "IS";

    /// <inheritdoc />
    protected override string MigrationFolder => "Sqlite";

    /// <inheritdoc />
    // Dapper expands the list into one parameter per item.
    protected override string InList(string column, string parameter) => $"{column} IN {parameter}";

    /// <summary>Opens (creating if needed) the database file at <paramref name="path"/>.</summary>
    public static SqliteStore Open(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        };
        using (var connection = new SqliteConnection(builder.ConnectionString))
        {
            connection.Open();
            // WAL is a property of the file and survives restarts; it lets readers run beside the one writer.
            connection.Execute("PRAGMA journal_mode = WAL");
        }

        // A pool of its own (the connection string differs) for the one thread that stores journaled pings, so its
        // large page cache stays with it and off the connections every request borrows.
        var writer = new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadWrite };
        return new SqliteStore(
            SqliteFactory.Instance.CreateDataSource(builder.ConnectionString),
            SqliteFactory.Instance.CreateDataSource(writer.ConnectionString),
            path);
    }

    /// <inheritdoc />
    protected override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = await base.OpenAsync(ct);
        // synchronous=FULL is per connection: a commit returns only after the WAL is on disk, so an
        // acknowledged ping survives a power cut, not just a process crash. busy_timeout lets SQLite wait for another
        // connection's write lock itself, retrying after 1, 2, 5, 10 ms and so on; without it Microsoft.Data.Sqlite
        // sleeps 150 ms before each retry, and every ping batch that met the sweep or the analysis pass waited that long.
        await connection.ExecuteAsync(new CommandDefinition(ConnectionPragmas("FULL"), cancellationToken: ct));
        return connection;
    }

    /// <inheritdoc />
    public override string JournalFolder => FilePath + "-pings";

    /// <inheritdoc />
    // In WAL mode a NORMAL commit is in the log, not yet flushed: a process crash keeps it, a power cut may take it
    // back, together with the journal position it recorded. A FULL commit (any other write) flushes it with its own.
    protected override async Task<DbConnection> OpenForJournaledPingsAsync(CancellationToken ct)
    {
        var connection = await _journaledWriter.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"{ConnectionPragmas("NORMAL")}; PRAGMA cache_size = -{JournaledWriterCacheKib}", cancellationToken: ct));
        return connection;
    }

    // Set on every open: a pooled connection keeps what the previous user set.
    private static string ConnectionPragmas(string synchronous) =>
        $"PRAGMA synchronous = {synchronous}; PRAGMA busy_timeout = 30000; PRAGMA wal_autocheckpoint = {AutoCheckpointPages}";

    /// <inheritdoc />
    public override async Task<long> CheckpointAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // PASSIVE copies what no reader still needs and never takes the write lock, so pings go on meanwhile.
        // The result row is (busy, frames in the log, frames copied).
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition("PRAGMA wal_checkpoint(PASSIVE)", cancellationToken: ct));
        return await reader.ReadAsync(ct) ? Math.Max(0, reader.GetInt64(1) - reader.GetInt64(2)) : 0;
    }

    /// <inheritdoc />
    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        // Microsoft.Data.Sqlite's non-deferred transaction is BEGIN IMMEDIATE: the write lock is taken up front,
        // so a read-then-write transaction cannot fail half-way with SQLITE_BUSY.
        await Task.CompletedTask;
        return ((SqliteConnection)connection).BeginTransaction(deferred: false);
    }

    /// <inheritdoc />
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) =>
        Task.CompletedTask;
}
