using System.Data;
using System.Data.Common;
using Dapper;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;

namespace Stockbeat.Storage;

/// <summary>
/// The statements every ping runs, prepared once per batch and reused for each ping in it: preparing (parsing and
/// planning) a statement costs more than running it, and a busy batch holds hundreds of pings.
/// </summary>
internal sealed class PingBatchCommands : IAsyncDisposable
{
    private readonly DbCommand _select;
    private readonly DbCommand _update;
    private readonly DbCommand _insert;
    private readonly DbCommand _prune;

    private PingBatchCommands(DbCommand select, DbCommand update, DbCommand insert, DbCommand prune)
    {
        _select = select;
        _update = update;
        _insert = insert;
        _prune = prune;
    }

    public static async Task<PingBatchCommands> PrepareAsync(DbConnection connection, DbTransaction tx, string forUpdate, CancellationToken ct)
    {
        var select = Command(connection, tx, $"SELECT {CheckRow.Columns} FROM checks WHERE uuid = @uuid{forUpdate}",
            ("@uuid", DbType.String));
        var update = Command(connection, tx,
            """
            UPDATE checks SET status = @status, last_ping = @last_ping, last_start = @last_start,
                last_start_rid = @last_start_rid, last_duration_ms = @last_duration_ms, n_pings = @n_pings,
                deadline = @deadline, version = version + 1
            WHERE id = @id AND version = @version
            """,
            ("@status", DbType.String), ("@last_ping", DbType.Int64), ("@last_start", DbType.Int64),
            ("@last_start_rid", DbType.String), ("@last_duration_ms", DbType.Int64), ("@n_pings", DbType.Int64),
            ("@deadline", DbType.Int64), ("@id", DbType.Int64), ("@version", DbType.Int64));
        var insert = Command(connection, tx,
            """
            INSERT INTO pings (check_id, n, kind, created, exit_status, rid, method, remote_addr, scheme, ua, body, duration_ms)
            VALUES (@check_id, @n, @kind, @created, @exit_status, @rid, @method, @remote_addr, @scheme, @ua, @body, @duration_ms)
            """,
            ("@check_id", DbType.Int64), ("@n", DbType.Int64), ("@kind", DbType.String), ("@created", DbType.Int64),
            ("@exit_status", DbType.Int64), ("@rid", DbType.String), ("@method", DbType.String), ("@remote_addr", DbType.String),
            ("@scheme", DbType.String), ("@ua", DbType.String), ("@body", DbType.Binary), ("@duration_ms", DbType.Int64));
        var prune = Command(connection, tx, "DELETE FROM pings WHERE check_id = @check_id AND n <= @oldest",
            ("@check_id", DbType.Int64), ("@oldest", DbType.Int64));
        foreach (var command in (DbCommand[])[select, update, insert, prune])
        {
            await command.PrepareAsync(ct);
        }

        return new PingBatchCommands(select, update, insert, prune);
    }

    /// <summary>The monitor with <paramref name="uuid"/>, locked for the transaction where the dialect locks rows.</summary>
    public async Task<Check?> FindByUuidAsync(Guid uuid, CancellationToken ct)
    {
        _select.Parameters["@uuid"].Value = uuid.ToString();
        await using var reader = await _select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return reader.GetRowParser<CheckRow>()(reader).ToCheck();
    }

    /// <summary>Writes what a ping changes on the monitor (its state, never its settings); returns it with the new version.</summary>
    public async Task<Check> WriteStateAsync(Check check, CancellationToken ct)
    {
        Set(_update, "@status", check.Status.ToWire());
        Set(_update, "@last_ping", Time.ToMs(check.LastPing));
        Set(_update, "@last_start", Time.ToMs(check.LastStart));
        Set(_update, "@last_start_rid", check.LastStartRid?.ToString());
        Set(_update, "@last_duration_ms", check.LastDuration is { } d ? (long?)d.TotalMilliseconds : null);
        Set(_update, "@n_pings", (long)check.PingCount);
        Set(_update, "@deadline", Time.ToMs(check.Deadline));
        Set(_update, "@id", check.Id);
        Set(_update, "@version", check.Version);
        if (await _update.ExecuteNonQueryAsync(ct) != 1)
        {
            throw new DBConcurrencyException($"Monitor {check.Uuid} changed while a ping was being stored.");
        }

        return check with { Version = check.Version + 1 };
    }

    /// <summary>Stores the ping as number <see cref="Check.PingCount"/> of <paramref name="check"/> and prunes older ones.</summary>
    public async Task InsertAsync(Check check, PingOutcome outcome, PingSubmission ping, int keepPings, CancellationToken ct)
    {
        Set(_insert, "@check_id", check.Id);
        Set(_insert, "@n", (long)check.PingCount);
        Set(_insert, "@kind", outcome.Kind.ToWire());
        Set(_insert, "@created", Time.ToMs(ping.Received));
        Set(_insert, "@exit_status", (long?)ping.Path.ExitStatus);
        Set(_insert, "@rid", ping.Rid?.ToString());
        Set(_insert, "@method", ping.Method);
        Set(_insert, "@remote_addr", ping.RemoteAddress);
        Set(_insert, "@scheme", ping.Scheme);
        Set(_insert, "@ua", ping.UserAgent);
        Set(_insert, "@body", ping.Body.Length == 0 ? null : ping.Body);
        Set(_insert, "@duration_ms", outcome.Duration is { } d ? (long?)d.TotalMilliseconds : null);
        await _insert.ExecuteNonQueryAsync(ct);

        Set(_prune, "@check_id", check.Id);
        Set(_prune, "@oldest", (long)check.PingCount - keepPings);
        await _prune.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _select.DisposeAsync();
        await _update.DisposeAsync();
        await _insert.DisposeAsync();
        await _prune.DisposeAsync();
    }

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, params (string Name, DbType Type)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void Set(DbCommand command, string name, object? value) =>
        command.Parameters[name].Value = value ?? DBNull.Value;
}
