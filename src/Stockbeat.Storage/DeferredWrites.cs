using System.Data.Common;

namespace Stockbeat.Storage;

/// <summary>
/// The writes of a ping batch that nothing in the batch reads back, held until the batch next reads or commits and
/// then sent together: one round trip for the lot where the driver batches statements (PostgreSQL), one prepared
/// statement after the other where it does not (SQLite, which has no round trips to save).
/// </summary>
internal sealed class DeferredWrites(DbConnection connection, DbTransaction tx)
{
    private readonly List<Write> _writes = [];

    /// <summary>Queues <paramref name="command"/> with the parameter values it holds now.</summary>
    /// <param name="command">A prepared command of the batch; its parameters may be changed right after.</param>
    /// <param name="staleIfNoRow">
    /// A conditional update that must change exactly one row; when it changes none, the flush throws
    /// <see cref="StaleCheckException"/> for this monitor.
    /// </param>
    public void Add(DbCommand command, Guid? staleIfNoRow = null)
    {
        var values = new object?[command.Parameters.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = command.Parameters[i].Value;
        }

        _writes.Add(new Write(command, values, staleIfNoRow));
    }

    /// <summary>Sends every queued write; the batch's transaction stays open.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (_writes.Count == 0)
        {
            return;
        }

        try
        {
            if (connection.CanCreateBatch)
            {
                await SendAsOneBatchAsync(ct);
            }
            else
            {
                await SendOneByOneAsync(ct);
            }
        }
        finally
        {
            _writes.Clear();
        }
    }

    private async Task SendOneByOneAsync(CancellationToken ct)
    {
        foreach (var write in _writes)
        {
            for (var i = 0; i < write.Values.Length; i++)
            {
                write.Command.Parameters[i].Value = write.Values[i];
            }

            var rows = await write.Command.ExecuteNonQueryAsync(ct);
            ThrowIfStale(write, rows);
        }
    }

    private async Task SendAsOneBatchAsync(CancellationToken ct)
    {
        await using var batch = connection.CreateBatch();
        batch.Transaction = tx;
        foreach (var write in _writes)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = write.Command.CommandText;
            for (var i = 0; i < write.Values.Length; i++)
            {
                var template = write.Command.Parameters[i];
                var parameter = command.CreateParameter();
                parameter.ParameterName = template.ParameterName;
                parameter.DbType = template.DbType;
                parameter.Value = write.Values[i];
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        // Prepared once per physical connection and statement text; later batches find them prepared.
        await batch.PrepareAsync(ct);
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        catch (DbException e) when (_writes.Any(w => w.StaleIfNoRow is not null))
        {
            // A stale update changes no row, and the ping insert after it then collides with a stored ping number,
            // failing the batch before the row counts can be read. Which monitor was stale is unknown here: the
            // batch is redone from the rows, and fails again if staleness was not the cause.
            throw new StaleCheckException([.. _writes.Select(w => w.StaleIfNoRow).OfType<Guid>().Distinct()], e);
        }

        for (var i = 0; i < _writes.Count; i++)
        {
            ThrowIfStale(_writes[i], batch.BatchCommands[i].RecordsAffected);
        }
    }

    private static void ThrowIfStale(Write write, int rows)
    {
        if (write.StaleIfNoRow is { } uuid && rows != 1)
        {
            throw new StaleCheckException([uuid]);
        }
    }

    private sealed record Write(DbCommand Command, object?[] Values, Guid? StaleIfNoRow);
}

/// <summary>A remembered monitor's state update found the row changed since: the batch is redone from the rows.</summary>
internal sealed class StaleCheckException(IReadOnlyList<Guid> uuids, Exception? inner = null)
    : Exception($"Monitor {string.Join(", ", uuids)} may have changed since the ping writer last stored it.", inner)
{
    /// <summary>The monitors that may be stale.</summary>
    public IReadOnlyList<Guid> Uuids { get; } = uuids;
}
