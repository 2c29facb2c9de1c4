namespace Stockbeat.Storage;

/// <summary>Picks the backend from the configured database setting.</summary>
public static class StoreFactory
{
    /// <summary>
    /// A connection string with <c>Host=</c> selects PostgreSQL; otherwise the SQLite file
    /// <c>stockbeat.db</c> in <paramref name="dataDirectory"/> is used.
    /// </summary>
    /// <exception cref="ArgumentException">A database setting that is not a PostgreSQL connection string.</exception>
    public static IStore Create(string? database, string dataDirectory)
    {
        if (string.IsNullOrWhiteSpace(database))
        {
            return SqliteStore.Open(Path.Combine(dataDirectory, "stockbeat.db"));
        }

        // Refuse rather than fall back to SQLite: a cluster node that silently ran alone would alert on its own.
        if (!IsPostgres(database))
        {
            throw new ArgumentException(
                "The database setting must be a PostgreSQL connection string such as 'Host=db;Database=stockbeat;Username=…;Password=…', or empty for SQLite.",
                nameof(database));
        }

        return PostgresStore.Open(database);
    }

    /// <summary>Whether the setting is a PostgreSQL connection string naming a host.</summary>
    public static bool IsPostgres(string? database)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(database)
                && !string.IsNullOrEmpty(new Npgsql.NpgsqlConnectionStringBuilder(database).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
