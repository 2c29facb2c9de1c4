namespace Stockbeat.Storage;

/// <summary>Picks the backend from the configured database setting.</summary>
public static class StoreFactory
{
    /// <summary>
    /// A connection string with <c>Host=</c> selects PostgreSQL; otherwise the SQLite file
    /// <c>stockbeat.db</c> in <paramref name="dataDirectory"/> is used.
    /// </summary>
    public static IStore Create(string? database, string dataDirectory) =>
        IsPostgres(database)
            ? PostgresStore.Open(database!)
            : SqliteStore.Open(Path.Combine(dataDirectory, "stockbeat.db"));

    /// <summary>Whether the setting names a PostgreSQL server.</summary>
    public static bool IsPostgres(string? database) =>
        !string.IsNullOrWhiteSpace(database)
        && database.Split(';').Any(p => p.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase));
}
