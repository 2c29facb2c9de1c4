using System.Data;
using System.Data.Common;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Runs;

namespace Stockbeat.Storage;

/// <summary>
/// The run statements a ping may run, prepared once per batch like <see cref="PingBatchCommands"/>: a start opens a
/// run, a finish closes the open run with the same run id or records a run of its own.
/// </summary>
internal sealed class RunBatchCommands : IAsyncDisposable
{
    /// <summary>The longest output excerpt a run keeps (its tail): runs are kept for weeks, pings only N at a time.</summary>
    public const int MaxLogChars = 10_000;

    private readonly DbCommand _findOpen;
    private readonly DbCommand _abandon;
    private readonly DbCommand _insert;
    private readonly DbCommand _finish;
    private readonly DeferredWrites _deferred;

    private RunBatchCommands(DbCommand findOpen, DbCommand abandon, DbCommand insert, DbCommand finish, DeferredWrites deferred)
    {
        _deferred = deferred;
        _findOpen = findOpen;
        _abandon = abandon;
        _insert = insert;
        _finish = finish;
    }

    public static async Task<RunBatchCommands> PrepareAsync(
        DbConnection connection, DbTransaction tx, string isNotDistinctFrom, DeferredWrites deferred, CancellationToken ct)
    {
        var findOpen = BatchCommand.Create(connection, tx,
            $"""
            SELECT id, started_at, outcome FROM runs
            WHERE check_id = @check_id AND finished_at IS NULL AND outcome IN ('running', 'timeout')
              AND rid {isNotDistinctFrom} @rid
            ORDER BY id DESC LIMIT 1
            """,
            ("@check_id", DbType.Int64), ("@rid", DbType.String));
        var abandon = BatchCommand.Create(connection, tx,
            $"""
            UPDATE runs SET outcome = 'failed', reason = @reason
            WHERE check_id = @check_id AND finished_at IS NULL AND outcome = 'running' AND rid {isNotDistinctFrom} @rid
            """,
            ("@check_id", DbType.Int64), ("@rid", DbType.String), ("@reason", DbType.String));
        var insert = BatchCommand.Create(connection, tx,
            """
            INSERT INTO runs (check_id, rid, started_at, finished_at, outcome, exit_status, reason, report, log)
            VALUES (@check_id, @rid, @started_at, @finished_at, @outcome, @exit_status, @reason, @report, @log)
            """,
            ("@check_id", DbType.Int64), ("@rid", DbType.String), ("@started_at", DbType.Int64), ("@finished_at", DbType.Int64),
            ("@outcome", DbType.String), ("@exit_status", DbType.Int64), ("@reason", DbType.String), ("@report", DbType.String),
            ("@log", DbType.String));
        var finish = BatchCommand.Create(connection, tx,
            """
            UPDATE runs SET finished_at = @finished_at, outcome = @outcome, exit_status = @exit_status, reason = @reason,
                report = @report, log = @log
            WHERE id = @id
            """,
            ("@finished_at", DbType.Int64), ("@outcome", DbType.String), ("@exit_status", DbType.Int64), ("@reason", DbType.String),
            ("@report", DbType.String), ("@log", DbType.String), ("@id", DbType.Int64));
        await BatchCommand.PrepareAllAsync(ct, findOpen, abandon, insert, finish);

        return new RunBatchCommands(findOpen, abandon, insert, finish, deferred);
    }

    /// <summary>The newest unfinished run of the monitor with the same run id (running, or timed out and still open).</summary>
    public async Task<OpenRun?> FindOpenAsync(long checkId, Guid? rid, CancellationToken ct)
    {
        // A start earlier in the same batch must be found.
        await _deferred.FlushAsync(ct);
        BatchCommand.Set(_findOpen, "@check_id", checkId);
        BatchCommand.Set(_findOpen, "@rid", rid?.ToString());
        await using var reader = await _findOpen.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new OpenRun(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : Time.FromMs(reader.GetInt64(1)),
            RunOutcomeNames.Parse(reader.GetString(2)));
    }

    /// <summary>Opens a run for a start ping; an unfinished run with the same id is given up as failed (deferred).</summary>
    public void Start(long checkId, Guid? rid, DateTimeOffset at)
    {
        BatchCommand.Set(_abandon, "@check_id", checkId);
        BatchCommand.Set(_abandon, "@rid", rid?.ToString());
        BatchCommand.Set(_abandon, "@reason", "a new start with the same run id arrived before this run finished");
        _deferred.Add(_abandon);
        Insert(checkId, rid, at, null, RunOutcome.Running, null, null, null, null);
    }

    /// <summary>Closes <paramref name="open"/> with a finish ping, or records the finish as a run of its own (deferred).</summary>
    public void Finish(long checkId, OpenRun? open, PingSubmission ping, RunVerdict verdict, string? reason)
    {
        var log = Excerpt(ping);
        var report = ping.Report is { } r ? RunJson.Serialize(r) : null;
        if (open is null)
        {
            Insert(checkId, ping.Rid, null, ping.Received, verdict.Outcome, ping.Path.ExitStatus, reason, report, log);
            return;
        }

        // A run the sweep already marked as timed out keeps that outcome; its finish still records the duration.
        BatchCommand.Set(_finish, "@finished_at", Time.ToMs(ping.Received));
        BatchCommand.Set(_finish, "@outcome", (open.Outcome == RunOutcome.Timeout ? RunOutcome.Timeout : verdict.Outcome).ToWire());
        BatchCommand.Set(_finish, "@exit_status", (long?)ping.Path.ExitStatus);
        BatchCommand.Set(_finish, "@reason", reason);
        BatchCommand.Set(_finish, "@report", report);
        BatchCommand.Set(_finish, "@log", log);
        BatchCommand.Set(_finish, "@id", open.Id);
        _deferred.Add(_finish);
    }

    public ValueTask DisposeAsync() => BatchCommand.DisposeAllAsync(_findOpen, _abandon, _insert, _finish);

    private void Insert(
        long checkId, Guid? rid, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, RunOutcome outcome, int? exitStatus,
        string? reason, string? report, string? log)
    {
        BatchCommand.Set(_insert, "@check_id", checkId);
        BatchCommand.Set(_insert, "@rid", rid?.ToString());
        BatchCommand.Set(_insert, "@started_at", Time.ToMs(startedAt));
        BatchCommand.Set(_insert, "@finished_at", Time.ToMs(finishedAt));
        BatchCommand.Set(_insert, "@outcome", outcome.ToWire());
        BatchCommand.Set(_insert, "@exit_status", (long?)exitStatus);
        BatchCommand.Set(_insert, "@reason", reason);
        BatchCommand.Set(_insert, "@report", report);
        BatchCommand.Set(_insert, "@log", log);
        _deferred.Add(_insert);
    }

    // The report's own log field, else a body that is not a report: the tail, where the error usually is.
    private static string? Excerpt(PingSubmission ping)
    {
        var text = ping.Report is { } report
            ? report.Log
            : ping.Body.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(ping.Body);
        text = text is { Length: > MaxLogChars } ? text[^MaxLogChars..] : text;
        // PostgreSQL text cannot hold NUL, and binary bodies have them; the raw bytes stay in the ping.
        return text?.Replace('\0', '\uFFFD');
    }
}

/// <summary>An unfinished run a finish ping may close.</summary>
internal sealed record OpenRun(long Id, DateTimeOffset? StartedAt, RunOutcome Outcome);
