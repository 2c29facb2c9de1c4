using System.Runtime.CompilerServices;
using Dapper;
using Stockbeat.Core.Checks;

namespace Stockbeat.Storage;

/// <summary>
/// Reads of one monitor, or a few, by something other than their uuid, through an index: a project of a million
/// monitors answers them in milliseconds instead of reading every monitor.
/// </summary>
public abstract partial class SqlStore
{
    // Monitors given their unique key per transaction, when filling in those made before the column existed.
    private const int UniqueKeyFillBatch = 5_000;

    /// <inheritdoc />
    public async IAsyncEnumerable<Check> StreamChecksAsync(long projectId, CheckFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        // Conditions are left out rather than written as "@name IS NULL OR ...", which no planner can take to an index.
        var where = "project_id = @projectId"
            + (filter.Name is null ? "" : " AND name = @name")
            + (filter.Slug is null ? "" : " AND slug = @slug")
            + (filter.Tags is null ? "" : " AND tags = @tags")
            + (filter.PeriodSeconds is null ? "" : " AND kind <> 'cron' AND timeout_s = @period")
            + (filter.GraceSeconds is null ? "" : " AND grace_s = @grace");
        await using var connection = await OpenAsync(ct);
        var rows = connection.QueryUnbufferedAsync<CheckRow>(
            $"SELECT {CheckRow.Columns} FROM checks WHERE {where} ORDER BY id",
            new { projectId, name = filter.Name, slug = filter.Slug, tags = filter.Tags, period = filter.PeriodSeconds, grace = filter.GraceSeconds });
        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return row.ToCheck();
        }
    }

    /// <inheritdoc />
    public async Task<Check?> FindCheckByUniqueKeyAsync(long projectId, string uniqueKey, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var query = new CommandDefinition(
            $"SELECT {CheckRow.Columns} FROM checks WHERE project_id = @projectId AND unique_key = @uniqueKey",
            new { projectId, uniqueKey }, cancellationToken: ct);
        var row = await connection.QueryFirstOrDefaultAsync<CheckRow>(query);
        if (row is null && await FillUniqueKeysAsync(projectId, ct))
        {
            row = await connection.QueryFirstOrDefaultAsync<CheckRow>(query);
        }

        return row?.ToCheck();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<Guid, long>> FindCheckIdsAsync(long projectId, IReadOnlyCollection<Guid> uuids, CancellationToken ct)
    {
        if (uuids.Count == 0)
        {
            return new Dictionary<Guid, long>();
        }

        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(string Uuid, long Id)>(new CommandDefinition(
            $"SELECT uuid, id FROM checks WHERE project_id = @projectId AND {InList("uuid", "@uuids")}",
            new { projectId, uuids = uuids.Select(u => u.ToString()).ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => Guid.Parse(r.Uuid), r => r.Id);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> GetChannelsOfCheckAsync(long checkId, CancellationToken ct) =>
        await ReadUuidsAsync(
            "SELECT c.uuid FROM check_channels cc JOIN channels c ON c.id = cc.channel_id WHERE cc.check_id = @checkId ORDER BY c.id",
            checkId, ct);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Guid>> GetUpstreamOfCheckAsync(long checkId, CancellationToken ct) =>
        await ReadUuidsAsync(
            "SELECT u.uuid FROM check_dependencies d JOIN checks u ON u.id = d.upstream_id WHERE d.check_id = @checkId ORDER BY u.id",
            checkId, ct);

    private async Task<IReadOnlyList<Guid>> ReadUuidsAsync(string sql, long checkId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var uuids = await connection.QueryAsync<string>(new CommandDefinition(sql, new { checkId }, cancellationToken: ct));
        return [.. uuids.Select(Guid.Parse)];
    }

    /// <summary>
    /// Gives their unique key to the project's monitors that have none (made before the column, or written by a tool
    /// that does not know it); returns whether there were any.
    /// </summary>
    private async Task<bool> FillUniqueKeysAsync(long projectId, CancellationToken ct)
    {
        var filled = false;
        while (true)
        {
            await using var connection = await OpenAsync(ct);
            await using var tx = await BeginWriteAsync(connection, ct);
            var missing = (await connection.QueryAsync<(long Id, string Uuid)>(new CommandDefinition(
                $"SELECT id, uuid FROM checks WHERE project_id = @projectId AND unique_key IS NULL ORDER BY id LIMIT {UniqueKeyFillBatch}",
                new { projectId }, tx, cancellationToken: ct))).ToList();
            if (missing.Count == 0)
            {
                return filled;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE checks SET unique_key = @key WHERE id = @id",
                missing.Select(m => new { key = UniqueKeys.Of(Guid.Parse(m.Uuid)), id = m.Id }), tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            filled = true;
        }
    }
}
