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

        // One transaction (one commit, one flush) for the whole pass: a transaction per monitor took SQLite's write
        // lock and flushed hundreds of times per pass, stalling the ping writer each time.
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        foreach (var monitor in monitors)
        {
            opened.AddRange(await SyncInsightsAsync(connection, tx, monitor, now, ct));
        }

        await tx.CommitAsync(ct);
        return opened;
    }

    private static async Task<List<InsightRecord>> SyncInsightsAsync(
        DbConnection connection, DbTransaction tx, InsightSync monitor, DateTimeOffset now, CancellationToken ct)
    {
        var (checkId, due, current) = monitor;
        var open = (await connection.QueryAsync<InsightRow>(new CommandDefinition(
            $"SELECT {InsightRow.Columns} FROM insights WHERE check_id = @checkId AND cleared_at IS NULL",
            new { checkId }, tx, cancellationToken: ct))).ToList();
        var kinds = current.Select(i => i.Kind).ToHashSet(StringComparer.Ordinal);
        foreach (var ended in open.Where(o => !kinds.Contains(o.Kind)))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE insights SET cleared_at = @now WHERE id = @id", new { now = Time.ToMs(now), id = ended.Id }, tx, cancellationToken: ct));
        }

        var opened = new List<InsightRecord>();
        var openKinds = open.Select(o => o.Kind).ToHashSet(StringComparer.Ordinal);
        foreach (var insight in current.Where(i => !openKinds.Contains(i.Kind)))
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
            if (id is { } newId)
            {
                opened.Add(new InsightRecord(newId, checkId, insight.Kind, insight.Severity.ToWire(), insight.Message, now, null));
            }
        }

        // Only the runs this pass saw are done: a run finished meanwhile raised the count and keeps the monitor due.
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE checks SET analysis_due = 0 WHERE id = @checkId AND analysis_due = @due",
            new { checkId, due }, tx, cancellationToken: ct));
        return opened;
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
