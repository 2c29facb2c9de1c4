using System.Data.Common;
using Dapper;
using Npgsql;

namespace Stockbeat.Storage;

/// <summary>
/// The shared store for one or many nodes. Row locks (<c>FOR UPDATE</c>) serialise writers of the same
/// monitor; <c>SKIP LOCKED</c> lets several nodes claim work without waiting on each other.
/// </summary>
public sealed class PostgresStore(NpgsqlDataSource dataSource) : SqlStore(dataSource)
{
    // Any fixed number works; it only has to be the same on every node.
    private const long MigrationLockKey = 0x5374_6f63_6b62_6561;

    private const long StartupLockKey = MigrationLockKey + 1;

    /// <inheritdoc />
    public override string Dialect => "postgres";

    /// <inheritdoc />
    protected override string ForUpdate => " FOR UPDATE";

    /// <inheritdoc />
    protected override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <inheritdoc />
    protected override string IsNotDistinctFrom => "IS NOT DISTINCT FROM";

    /// <inheritdoc />
    protected override string MigrationFolder => "Postgres";

    /// <inheritdoc />
    // Npgsql sends a list as one array parameter, which IN cannot take.
    protected override string InList(string column, string parameter) => $"{column} = ANY({parameter})";

    /// <inheritdoc />
    protected override bool ReadsCostRoundTrips => true;

    /// <summary>Creates a store for a Npgsql connection string (<c>Host=…;Database=…</c>).</summary>
    public static PostgresStore Open(string connectionString) =>
        new(new NpgsqlDataSourceBuilder(connectionString).Build());

    /// <inheritdoc />
    public override async Task<T> RunExclusiveAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        // A session lock on a connection of its own: the work uses other connections, and a second node blocks
        // here until the first one has finished and unlocked.
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = StartupLockKey }, cancellationToken: ct));
        try
        {
            return await work(ct);
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = StartupLockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <inheritdoc />
    protected override Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, tx, cancellationToken: ct));
}
