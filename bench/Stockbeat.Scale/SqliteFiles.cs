using Microsoft.Data.Sqlite;

namespace Stockbeat.Scale;

/// <summary>The tool's own connections to the database file, beside the server's (WAL lets readers run beside its writer).</summary>
internal static class SqliteFiles
{
    public static Task<SqliteConnection> OpenReadOnlyAsync(string path, CancellationToken ct) => OpenAsync(path, SqliteOpenMode.ReadOnly, ct);

    public static Task<SqliteConnection> OpenReadWriteAsync(string path, CancellationToken ct) => OpenAsync(path, SqliteOpenMode.ReadWrite, ct);

    private static async Task<SqliteConnection> OpenAsync(string path, SqliteOpenMode mode, CancellationToken ct)
    {
        // Waits up to 30 s for the server's write lock rather than failing with SQLITE_BUSY.
        var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
