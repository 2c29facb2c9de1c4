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
