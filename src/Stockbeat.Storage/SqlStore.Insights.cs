using System.Data;
using System.Data.Common;
using Dapper;
using Stockbeat.Core.Analysis;
using Stockbeat.Core.Checks;

namespace Stockbeat.Storage;

public abstract partial class SqlStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<(Check Check, long Due)>> FindChecksToAnalyzeAsync(long afterId, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<CheckRow, long, (Check, long)>(new CommandDefinition(
            $"SELECT {CheckRow.Columns}, analysis_due FROM checks WHERE analysis_due > 0 AND id > @afterId ORDER BY id LIMIT @limit",
            new { afterId, limit }, cancellationToken: ct),
            (row, due) => (row.ToCheck(), due),
            splitOn: "analysis_due");
        return [.. rows];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InsightRecord>> SyncInsightsAsync(IReadOnlyList<InsightSync> monitors, DateTimeOffset now, CancellationToken ct)
    {
        var opened = new List<InsightRecord>();
        if (monitors.Count == 0)
        {
            return opened;
        }

        // One transaction (one commit, one flush) for the whole batch, and a fixed number of statements for it: a
        // transaction per monitor took SQLite's write lock and flushed hundreds of times per pass, and a round trip per
        // monitor held the rows' locks on PostgreSQL long enough to stall the ping writer behind them.
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var openByCheck = (await connection.QueryAsync<InsightRow>(new CommandDefinition(
            $"SELECT {InsightRow.Columns} FROM insights WHERE {InList("check_id", "@ids")} AND cleared_at IS NULL",
            new { ids = monitors.Select(m => m.CheckId).ToArray() }, tx, cancellationToken: ct))).ToLookup(r => r.CheckId);
        var ended = new List<long>();
        foreach (var (checkId, _, current) in monitors)
        {
            var open = openByCheck[checkId].ToList();
            var kinds = current.Select(i => i.Kind).ToHashSet(StringComparer.Ordinal);
            ended.AddRange(open.Where(o => !kinds.Contains(o.Kind)).Select(o => o.Id));
            var openKinds = open.Select(o => o.Kind).ToHashSet(StringComparer.Ordinal);
            foreach (var insight in current.Where(i => !openKinds.Contains(i.Kind)))
            {
                if (await InsertInsightAsync(connection, tx, checkId, insight, now, ct) is { } record)
                {
                    opened.Add(record);
                }
            }
        }

        if (ended.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE insights SET cleared_at = @now WHERE {InList("id", "@ended")}",
                new { now = Time.ToMs(now), ended = ended.ToArray() }, tx, cancellationToken: ct));
        }

        await MarkAnalyzedAsync(connection, tx, monitors, ct);
        await tx.CommitAsync(ct);
        return opened;
    }

    private static async Task<InsightRecord?> InsertInsightAsync(
        DbConnection connection, DbTransaction tx, long checkId, Insight insight, DateTimeOffset now, CancellationToken ct)
    {
        // Another node may have recorded the same condition a moment ago: the unique index keeps one.
        var id = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            """
            INSERT INTO insights (check_id, kind, severity, message, opened_at)
            VALUES (@checkId, @kind, @severity, @message, @now)
            ON CONFLICT (check_id, kind) WHERE cleared_at IS NULL DO NOTHING
            RETURNING id
            """,
            new { checkId, kind = insight.Kind, severity = insight.Severity.ToWire(), message = insight.Message, now = Time.ToMs(now) },
            tx, cancellationToken: ct));
        return id is { } newId ? new InsightRecord(newId, checkId, insight.Kind, insight.Severity.ToWire(), insight.Message, now, null) : null;
    }

    /// <summary>
    /// Marks the runs this pass saw as analysed: a run finished meanwhile raised the count and keeps the monitor due.
    /// A monitor whose row the ping writer holds is skipped, not waited for (it stays due for the next pass): waiting
    /// would hold every row already marked, and the writer would wait for those in turn.
    /// </summary>
    private async Task MarkAnalyzedAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<InsightSync> monitors, CancellationToken ct)
    {
        var deferred = new DeferredWrites(connection, tx);
        await using var mark = BatchCommand.Create(connection, tx,
            $"""
            UPDATE checks SET analysis_due = 0
            WHERE id = (SELECT id FROM checks WHERE id = @checkId AND analysis_due = @due{ForUpdateSkipLocked})
            """,
            ("@checkId", DbType.Int64), ("@due", DbType.Int64));
        await mark.PrepareAsync(ct);
        foreach (var monitor in monitors)
        {
            BatchCommand.Set(mark, "@checkId", monitor.CheckId);
            BatchCommand.Set(mark, "@due", monitor.Due);
            deferred.Add(mark);
        }

        await deferred.FlushAsync(ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InsightRecord>> ListInsightsAsync(long checkId, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<InsightRow>(new CommandDefinition(
            $"SELECT {InsightRow.Columns} FROM insights WHERE check_id = @checkId ORDER BY id DESC LIMIT @limit",
            new { checkId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChannelRecord>> ListFirstStepChannelsAsync(Check check, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var policy = await PolicyForAsync(connection, tx, check, ct);
        if (policy.Steps.Count == 0)
        {
            return [];
        }

        var ids = await StepChannelsAsync(connection, tx, check.Id, policy.Steps[0], ct);
        var rows = await connection.QueryAsync<ChannelRow>(new CommandDefinition(
            $"SELECT {ChannelRow.Columns} FROM channels c WHERE {InList("c.id", "@ids")} ORDER BY c.id",
            new { ids = ids.ToArray() }, tx, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task MarkInsightNotifiedAsync(long insightId, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE insights SET notified = @now WHERE id = @insightId", new { now = Time.ToMs(now), insightId }, cancellationToken: ct));
    }
}
