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
    private readonly DbCommand _flip;
    private readonly DeferredWrites _deferred;
    private Func<DbDataReader, CheckRow>? _parseRow;

    private PingBatchCommands(DbCommand select, DbCommand update, DbCommand insert, DbCommand prune, DbCommand flip, DeferredWrites deferred)
    {
        _flip = flip;
        _deferred = deferred;
        _select = select;
        _update = update;
        _insert = insert;
        _prune = prune;
    }

    public static async Task<PingBatchCommands> PrepareAsync(
        DbConnection connection, DbTransaction tx, string forUpdate, DeferredWrites deferred, CancellationToken ct)
    {
        var select = BatchCommand.Create(connection, tx, $"SELECT {CheckRow.Columns} FROM checks WHERE uuid = @uuid{forUpdate}",
            ("@uuid", DbType.String));
        var update = BatchCommand.Create(connection, tx,
            """
            UPDATE checks SET status = @status, last_ping = @last_ping, last_start = @last_start,
                last_start_rid = @last_start_rid, last_duration_ms = @last_duration_ms, n_pings = @n_pings,
                deadline = @deadline, flow_window_start = @flow_window_start, flow_events = @flow_events,
                analysis_due = analysis_due + @analyze, version = version + 1
            WHERE id = @id AND version = @version AND uuid = @uuid
            """,
            ("@status", DbType.String), ("@last_ping", DbType.Int64), ("@last_start", DbType.Int64),
            ("@last_start_rid", DbType.String), ("@last_duration_ms", DbType.Int64), ("@n_pings", DbType.Int64),
            ("@deadline", DbType.Int64), ("@flow_window_start", DbType.Int64), ("@flow_events", DbType.Int64), ("@analyze", DbType.Int64), ("@id", DbType.Int64), ("@version", DbType.Int64),
            ("@uuid", DbType.String));
        var insert = BatchCommand.Create(connection, tx,
            """
            INSERT INTO pings (check_id, n, kind, created, exit_status, rid, method, remote_addr, scheme, ua, body, duration_ms)
            VALUES (@check_id, @n, @kind, @created, @exit_status, @rid, @method, @remote_addr, @scheme, @ua, @body, @duration_ms)
            """,
            ("@check_id", DbType.Int64), ("@n", DbType.Int64), ("@kind", DbType.String), ("@created", DbType.Int64),
            ("@exit_status", DbType.Int64), ("@rid", DbType.String), ("@method", DbType.String), ("@remote_addr", DbType.String),
            ("@scheme", DbType.String), ("@ua", DbType.String), ("@body", DbType.Binary), ("@duration_ms", DbType.Int64));
        var prune = BatchCommand.Create(connection, tx, "DELETE FROM pings WHERE check_id = @check_id AND n <= @oldest",
            ("@check_id", DbType.Int64), ("@oldest", DbType.Int64));
        var flip = BatchCommand.Create(connection, tx, SqlStore.InsertFlipSql,
            ("@check_id", DbType.Int64), ("@created", DbType.Int64), ("@old_status", DbType.String), ("@new_status", DbType.String),
            ("@reason", DbType.String), ("@detail", DbType.String));
        await BatchCommand.PrepareAllAsync(ct, select, update, insert, prune, flip);

        return new PingBatchCommands(select, update, insert, prune, flip, deferred);
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

        _parseRow ??= reader.GetRowParser<CheckRow>();
        return _parseRow(reader).ToCheck();
    }

    /// <summary>
    /// Writes what a ping changes on the monitor (its state, never its settings), marking it for analysis when the
    /// ping finished a run; returns it with the new version. The write is deferred; if the row is no longer at the
    /// check's version then, the flush throws <see cref="StaleCheckException"/>.
    /// </summary>
    public Check WriteState(Check check, bool finishedRun)
    {
        BatchCommand.Set(_update, "@status", check.Status.ToWire());
        BatchCommand.Set(_update, "@last_ping", Time.ToMs(check.LastPing));
        BatchCommand.Set(_update, "@last_start", Time.ToMs(check.LastStart));
        BatchCommand.Set(_update, "@last_start_rid", check.LastStartRid?.ToString());
        BatchCommand.Set(_update, "@last_duration_ms", check.LastDuration is { } d ? (long?)d.TotalMilliseconds : null);
        BatchCommand.Set(_update, "@n_pings", (long)check.PingCount);
        BatchCommand.Set(_update, "@deadline", Time.ToMs(check.Deadline));
        BatchCommand.Set(_update, "@flow_window_start", Time.ToMs(check.FlowWindowStart));
        BatchCommand.Set(_update, "@flow_events", check.FlowEvents);
        BatchCommand.Set(_update, "@analyze", finishedRun ? 1L : 0L);
        BatchCommand.Set(_update, "@id", check.Id);
        BatchCommand.Set(_update, "@version", check.Version);
        // SQLite may give a deleted monitor's id to a new one; the uuid keeps a remembered copy off the new row.
        BatchCommand.Set(_update, "@uuid", check.Uuid.ToString());
        _deferred.Add(_update, staleIfNoRow: check.Uuid);
        return check with { Version = check.Version + 1 };
    }

    /// <summary>Stores the ping as number <see cref="Check.PingCount"/> of <paramref name="check"/> and, when a step is due, deletes older ones (deferred).</summary>
    public void Insert(Check check, PingOutcome outcome, PingSubmission ping, int keepPings)
    {
        BatchCommand.Set(_insert, "@check_id", check.Id);
        BatchCommand.Set(_insert, "@n", (long)check.PingCount);
        BatchCommand.Set(_insert, "@kind", outcome.Kind.ToWire());
        BatchCommand.Set(_insert, "@created", Time.ToMs(ping.Received));
        BatchCommand.Set(_insert, "@exit_status", (long?)ping.Path.ExitStatus);
        BatchCommand.Set(_insert, "@rid", ping.Rid?.ToString());
        BatchCommand.Set(_insert, "@method", ping.Method);
        BatchCommand.Set(_insert, "@remote_addr", ping.RemoteAddress);
        BatchCommand.Set(_insert, "@scheme", ping.Scheme);
        BatchCommand.Set(_insert, "@ua", ping.UserAgent);
        BatchCommand.Set(_insert, "@body", ping.Body.Length == 0 ? null : ping.Body);
        BatchCommand.Set(_insert, "@duration_ms", outcome.Duration is { } d ? (long?)d.TotalMilliseconds : null);
        _deferred.Add(_insert);
        if (PingRetention.DeleteThrough(check.PingCount, keepPings) is not { } oldest)
        {
            return;
        }

        BatchCommand.Set(_prune, "@check_id", check.Id);
        BatchCommand.Set(_prune, "@oldest", oldest);
        _deferred.Add(_prune);
    }

    /// <summary>Records a flip that has no incident to open or resolve in the monitor's history (deferred).</summary>
    public void InsertQuietFlip(Check check, Flip flip)
    {
        BatchCommand.Set(_flip, "@check_id", check.Id);
        BatchCommand.Set(_flip, "@created", Time.ToMs(flip.At));
        BatchCommand.Set(_flip, "@old_status", flip.From.ToWire());
        BatchCommand.Set(_flip, "@new_status", flip.To.ToWire());
        BatchCommand.Set(_flip, "@reason", flip.Reason.ToWire());
        BatchCommand.Set(_flip, "@detail", flip.Detail);
        _deferred.Add(_flip);
    }

    public ValueTask DisposeAsync() => BatchCommand.DisposeAllAsync(_select, _update, _insert, _prune, _flip);
}
