using System.Data.Common;
using Dapper;

namespace Stockbeat.Storage;

public abstract partial class SqlStore
{
    /// <summary>The folder under <c>Migrations/</c> that holds this dialect's scripts.</summary>
    protected abstract string MigrationFolder { get; }

    /// <summary>Takes a lock that keeps two nodes from migrating at once, inside <paramref name="tx"/>.</summary>
    protected abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction tx, CancellationToken ct);

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        await LockForMigrationAsync(connection, tx, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)",
            transaction: tx, cancellationToken: ct));
        var applied = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_migrations", transaction: tx, cancellationToken: ct))).ToHashSet();
        foreach (var (version, name, sql) in Scripts())
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (version, name, applied) VALUES (@version, @name, @applied)",
                new { version, name, applied = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    private IEnumerable<(long Version, string Name, string Sql)> Scripts()
    {
        var assembly = typeof(SqlStore).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{MigrationFolder}.";
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..^4];
            var version = long.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
