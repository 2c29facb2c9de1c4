using System.Data;
using System.Data.Common;
using Dapper;
using Stockbeat.Core.Runs;

namespace Stockbeat.Storage;

public abstract partial class SqlStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<Run>> ListRunsAsync(long checkId, int limit, long? beforeId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(
            $"""
            SELECT {RunRow.Columns} FROM runs
            WHERE check_id = @checkId AND (@beforeId IS NULL OR id < @beforeId)
            ORDER BY id DESC LIMIT @limit
            """,
            new { checkId, beforeId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRun())];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Run>>> ListRecentRunsAsync(
        IReadOnlyCollection<long> checkIds, int limit, CancellationToken ct)
    {
        var runs = new Dictionary<long, IReadOnlyList<Run>>(checkIds.Count);
        if (checkIds.Count == 0)
        {
            return runs;
        }

        // One monitor at a time, each through its index range; a statement for all of them at once would have to
        // number every stored run of each monitor to keep the newest (SQLite has no LATERAL join).
        await using var connection = await OpenAsync(ct);
        await using var select = BatchCommand.Create(connection, null,
            $"SELECT {RunRow.ColumnsWithoutLog} FROM runs WHERE check_id = @checkId ORDER BY id DESC LIMIT @limit",
            ("@checkId", DbType.Int64), ("@limit", DbType.Int64));
        await select.PrepareAsync(ct);
        BatchCommand.Set(select, "@limit", (long)limit);
        Func<DbDataReader, RunRow>? parse = null;
        foreach (var checkId in checkIds)
        {
            BatchCommand.Set(select, "@checkId", checkId);
            var list = new List<Run>();
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                parse ??= reader.GetRowParser<RunRow>();
                while (await reader.ReadAsync(ct))
                {
                    list.Add(parse(reader).ToRun());
                }
            }

            runs[checkId] = list;
        }

        return runs;
    }

    /// <inheritdoc />
    public async Task<int> PruneRunsAsync(DateTimeOffset olderThan, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // Batched so that a first prune of a large history does not hold the write lock for long.
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM runs WHERE id IN (
                SELECT id FROM runs WHERE finished_at < @cutoff ORDER BY finished_at LIMIT @limit)
            """,
            new { cutoff = Time.ToMs(olderThan), limit }, cancellationToken: ct));
    }
}
