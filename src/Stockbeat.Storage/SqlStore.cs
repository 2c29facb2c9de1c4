using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;

namespace Stockbeat.Storage;

/// <summary>
/// The SQL both dialects share. Subclasses override only what differs: connection set-up, row locks,
/// null-safe comparison and the migration lock.
/// </summary>
public abstract partial class SqlStore(DbDataSource dataSource) : IStore
{
    static SqlStore() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    /// <inheritdoc />
    public abstract string Dialect { get; }

    /// <summary>Suffix that locks the selected rows until the transaction ends (empty where the whole database is locked).</summary>
    protected abstract string ForUpdate { get; }

    /// <summary>Suffix that claims rows no other transaction holds.</summary>
    protected abstract string ForUpdateSkipLocked { get; }

    /// <summary>The operator that treats two nulls as equal.</summary>
    protected abstract string IsNotDistinctFrom { get; }

    /// <summary>A condition that <paramref name="column"/> is one of the list parameter <paramref name="parameter"/>.</summary>
    protected abstract string InList(string column, string parameter);

    /// <summary>Whether each statement waits for a reply from a server, so that reading many rows in one saves time.</summary>
    protected virtual bool ReadsCostRoundTrips => false;

    /// <summary>Opens a connection ready for use.</summary>
    protected virtual async Task<DbConnection> OpenAsync(CancellationToken ct) =>
        await dataSource.OpenConnectionAsync(ct);

    /// <summary>Begins a transaction that holds write locks from its first statement on.</summary>
    protected virtual async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(ct);

    /// <inheritdoc />
    /// <remarks>PostgreSQL checkpoints by itself.</remarks>
    public virtual Task<long> CheckpointAsync(CancellationToken ct) => Task.FromResult(0L);

    /// <inheritdoc />
    /// <remarks>SQLite serves one node; nothing else can run the work meanwhile.</remarks>
    public virtual Task<T> RunExclusiveAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct) => work(ct);

    /// <inheritdoc />
    public async Task<bool> IsHealthyAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct);
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct)) == 1;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<long?> FindFirstProjectAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<long?>(
            new CommandDefinition("SELECT id FROM projects ORDER BY id LIMIT 1", cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task<long> CreateProjectAsync(string name, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO projects (name, created) VALUES (@name, @created) RETURNING id",
            new { name, created = Time.ToMs(now) }, cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task SetPingKeyHashAsync(long projectId, string pingKeyHash, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE projects SET ping_key_hash = @pingKeyHash WHERE id = @projectId",
            new { projectId, pingKeyHash }, cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task<string?> GetPingKeyHashAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT ping_key_hash FROM projects WHERE id = @projectId", new { projectId }, cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task AddApiKeyAsync(long projectId, string name, string keyHash, bool isReadOnly, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO api_keys (project_id, name, key_hash, read_only, created)
            VALUES (@projectId, @name, @keyHash, @readOnly, @created)
            ON CONFLICT (key_hash) DO NOTHING
            """,
            new { projectId, name, keyHash, readOnly = isReadOnly ? 1L : 0L, created = Time.ToMs(now) },
            cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task ReplaceApiKeyAsync(long projectId, string name, string keyHash, bool isReadOnly, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var at = Time.ToMs(now);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked = @at WHERE project_id = @projectId AND name = @name AND key_hash <> @keyHash AND revoked IS NULL",
            new { projectId, name, keyHash, at }, tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO api_keys (project_id, name, key_hash, read_only, created)
            VALUES (@projectId, @name, @keyHash, @readOnly, @at)
            ON CONFLICT (key_hash) DO UPDATE SET name = @name, read_only = @readOnly, revoked = NULL
            """,
            new { projectId, name, keyHash, readOnly = isReadOnly ? 1L : 0L, at }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <inheritdoc />
    public async Task<ApiKeyMatch?> FindApiKeyAsync(string keyHash, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<(long ProjectId, long ReadOnly)?>(new CommandDefinition(
            "SELECT project_id, read_only FROM api_keys WHERE key_hash = @keyHash AND revoked IS NULL",
            new { keyHash }, cancellationToken: ct));
        return row is { } r ? new ApiKeyMatch(r.ProjectId, r.ReadOnly != 0) : null;
    }

    /// <inheritdoc />
    public async Task<Check> CreateCheckAsync(Check check, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await InsertCheckAsync(connection, null, check, ct);
    }

    /// <inheritdoc />
    public async Task<Check?> GetCheckAsync(Guid uuid, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<CheckRow>(new CommandDefinition(
            $"SELECT {CheckRow.Columns} FROM checks WHERE uuid = @uuid",
            new { uuid = uuid.ToString() }, cancellationToken: ct));
        return row?.ToCheck();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Check>> ListChecksAsync(long projectId, CancellationToken ct) =>
        await StreamChecksAsync(projectId, ct).ToListAsync(ct);

    /// <inheritdoc />
    public IAsyncEnumerable<Check> StreamChecksAsync(long projectId, CancellationToken ct) =>
        StreamChecksAsync(projectId, new CheckFilter(), ct);

    /// <inheritdoc />
    public async Task<Check?> EditCheckAsync(long projectId, Guid uuid, Func<Check, CheckEdit> edit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var row = await connection.QueryFirstOrDefaultAsync<CheckRow>(new CommandDefinition(
            $"SELECT {CheckRow.Columns} FROM checks WHERE uuid = @uuid AND project_id = @projectId{ForUpdate}",
            new { uuid = uuid.ToString(), projectId }, tx, cancellationToken: ct));
        if (row is null)
        {
            return null;
        }

        var current = row.ToCheck();
        var change = edit(current);
        if (change.Updated is not { } updated)
        {
            return current;
        }

        updated = await WriteCheckAsync(connection, tx, updated with { Id = current.Id, Version = current.Version }, ct);
        if (change.Flip is { } flip)
        {
            await RecordFlipAsync(connection, tx, updated, flip, ct);
        }

        await tx.CommitAsync(ct);
        return updated;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteCheckAsync(long projectId, Guid uuid, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM checks WHERE uuid = @uuid AND project_id = @projectId",
            new { uuid = uuid.ToString(), projectId }, cancellationToken: ct)) > 0;
        _written.Forget(uuid);
        _known.Remove(uuid);
        return deleted;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredPing>> ListPingsAsync(long checkId, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<PingRow>(new CommandDefinition(
            """
            SELECT n, kind, created, exit_status, rid, method, remote_addr, scheme, ua,
                   COALESCE(LENGTH(body), 0) AS body_size, duration_ms
            FROM pings WHERE check_id = @checkId ORDER BY n DESC LIMIT @limit
            """,
            new { checkId, limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToPing())];
    }

    /// <inheritdoc />
    public async Task<byte[]?> GetPingBodyAsync(long checkId, int n, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.QueryFirstOrDefaultAsync<byte[]?>(new CommandDefinition(
            "SELECT body FROM pings WHERE check_id = @checkId AND n = @n", new { checkId, n = (long)n },
            cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FlipRecord>> ListFlipsAsync(long checkId, DateTimeOffset since, DateTimeOffset until, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<FlipRow>(new CommandDefinition(
            """
            SELECT id, check_id, created, old_status, new_status, reason, detail FROM flips
            WHERE check_id = @checkId AND created >= @from AND created <= @to ORDER BY created, id
            """,
            new { checkId, from = Time.ToMs(since), to = Time.ToMs(until) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Check>> FindDueChecksAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<CheckRow>(new CommandDefinition(
            $"""
            SELECT {CheckRow.Columns} FROM checks
            WHERE deadline IS NOT NULL AND deadline <= @now ORDER BY deadline LIMIT @limit
            """,
            new { now = Time.ToMs(now), limit }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToCheck())];
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> FindNextDeadlineAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        // MIN over the deadline index reads its first entry (SQLite's min/max optimisation, PostgreSQL's index-only scan).
        return Time.FromMs(await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(deadline) FROM checks WHERE deadline IS NOT NULL", cancellationToken: ct)));
    }

    /// <inheritdoc />
    public async Task<int> ApplyDueFlipsAsync(IReadOnlyList<(Check Check, Flip Flip)> flips, CancellationToken ct)
    {
        if (flips.Count == 0)
        {
            return 0;
        }

        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        var lookups = new IncidentLookups();
        var applied = 0;
        foreach (var (check, flip) in flips)
        {
            var flipped = CheckRules.ApplyFlip(check, flip);
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                """
                UPDATE checks SET status = @status, deadline = @deadline, flow_window_start = @windowStart,
                    flow_events = @events, version = version + 1
                WHERE id = @id AND version = @version
                """,
                new
                {
                    status = flipped.Status.ToWire(),
                    deadline = Time.ToMs(flipped.Deadline),
                    windowStart = Time.ToMs(flipped.FlowWindowStart),
                    events = flipped.FlowEvents,
                    id = check.Id,
                    version = check.Version,
                },
                tx, cancellationToken: ct));
            if (changed == 1)
            {
                await RecordFlipAsync(connection, tx, flipped, flip, lookups, ct);
                applied++;
            }
        }

        await tx.CommitAsync(ct);
        return applied;
    }

    /// <inheritdoc />
    public async Task<bool> UpdateDeadlineAsync(Check check, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE checks SET deadline = @deadline, flow_window_start = @windowStart, flow_events = @events, version = version + 1
            WHERE id = @id AND version = @version
            """,
            new
            {
                deadline = Time.ToMs(check.Deadline),
                windowStart = Time.ToMs(check.FlowWindowStart),
                events = check.FlowEvents,
                id = check.Id,
                version = check.Version,
            },
            cancellationToken: ct)) == 1;
    }

    /// <inheritdoc />
    public async Task<ChannelRecord> CreateChannelAsync(long projectId, string kind, string name, string config, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var uuid = Guid.NewGuid();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO channels (uuid, project_id, kind, name, config, created)
            VALUES (@uuid, @projectId, @kind, @name, @config, @created) RETURNING id
            """,
            new { uuid = uuid.ToString(), projectId, kind, name, config, created = Time.ToMs(now) }, cancellationToken: ct));
        return new ChannelRecord(id, uuid, projectId, kind, name, config, null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ChannelRecord>> ListChannelsAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<ChannelRow>(new CommandDefinition(
            $"SELECT {ChannelRow.Columns} FROM channels c WHERE c.project_id = @projectId ORDER BY c.id",
            new { projectId }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <inheritdoc />
    public async Task<bool> DeleteChannelAsync(long projectId, Guid uuid, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM channels WHERE uuid = @uuid AND project_id = @projectId",
            new { uuid = uuid.ToString(), projectId }, cancellationToken: ct)) > 0;
    }

    /// <inheritdoc />
    public async Task SetChannelErrorAsync(long channelId, string? lastError, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE channels SET last_error = @error, last_error_at = @at WHERE id = @channelId",
            new { channelId, error = lastError, at = lastError is null ? (long?)null : Time.ToMs(now) }, cancellationToken: ct));
    }

    /// <inheritdoc />
    public Task SetCheckChannelsAsync(long checkId, IReadOnlyList<long> channelIds, CancellationToken ct) =>
        ReplaceLinksAsync("check_channels", "channel_id", checkId, channelIds, ct);

    /// <summary>Replaces the rows (check_id, <paramref name="targetColumn"/>) of a link table in one transaction.</summary>
    private async Task ReplaceLinksAsync(string table, string targetColumn, long checkId, IEnumerable<long> targets, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM {table} WHERE check_id = @checkId", new { checkId }, tx, cancellationToken: ct));
        foreach (var target in targets.Distinct())
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {table} (check_id, {targetColumn}) VALUES (@checkId, @target)",
                new { checkId, target }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Guid>>> GetCheckChannelsAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadLinksAsync(connection,
            """
            SELECT cc.check_id, c.uuid FROM check_channels cc JOIN channels c ON c.id = cc.channel_id
            WHERE c.project_id = @projectId ORDER BY c.id
            """,
            new { projectId }, ct);
    }

    /// <summary>
    /// Rows (monitor id, uuid of a linked row) as lists per monitor, in row order. Read as a stream: a project of a
    /// million monitors has a million such rows but few distinct uuids, so each uuid is parsed once and no row is kept.
    /// </summary>
    private static async Task<IReadOnlyDictionary<long, IReadOnlyList<Guid>>> ReadLinksAsync(
        DbConnection connection, string sql, object parameters, CancellationToken ct)
    {
        var uuids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var lists = new Dictionary<long, IReadOnlyList<Guid>>();
        await foreach (var (checkId, text) in connection.QueryUnbufferedAsync<(long CheckId, string Uuid)>(sql, parameters).WithCancellation(ct))
        {
            if (!uuids.TryGetValue(text, out var uuid))
            {
                uuid = Guid.Parse(text);
                uuids[text] = uuid;
            }

            if (!lists.TryGetValue(checkId, out var list))
            {
                list = new List<Guid>(1);
                lists[checkId] = list;
            }

            ((List<Guid>)list).Add(uuid);
        }

        return lists;
    }

    private static async Task<Check> InsertCheckAsync(DbConnection connection, DbTransaction? tx, Check check, CancellationToken ct)
    {
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"""
            INSERT INTO checks ({CheckRow.Columns.Replace("id, uuid", "uuid, unique_key", StringComparison.Ordinal)})
            VALUES (@Uuid, @UniqueKey, @ProjectId, @Name, @Slug, @Tags, @Description, @Kind, @TimeoutS, @Schedule, @Tz, @GraceS,
                    @MaxRuntimeS, @ManualResume, @Methods, @Status, @LastPing, @LastStart, @LastStartRid,
                    @LastDurationMs, @NPings, @Deadline, @Created, 1, @PolicyId, @Velocity, @Platform, @SkuCount,
                    @ErrorThreshold, @MinRuntimeS, @Source, @Destination, @JobKind, @FlowMinEvents, @FlowWindowS,
                    @FlowActiveHours, @FlowTz, @FlowWindowStart, @FlowEvents, @Rules)
            RETURNING id
            """,
            CheckRow.Parameters(check), tx, cancellationToken: ct));
        return check with { Id = id, Version = 1 };
    }

    // The caller holds the row lock, so the version guard here only protects against a lost update by a
    // writer that skipped the lock; it throws rather than silently dropping a change.
    private static async Task<Check> WriteCheckAsync(DbConnection connection, DbTransaction tx, Check check, CancellationToken ct)
    {
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE checks SET name = @Name, slug = @Slug, tags = @Tags, description = @Description, kind = @Kind,
                timeout_s = @TimeoutS, schedule = @Schedule, tz = @Tz, grace_s = @GraceS, max_runtime_s = @MaxRuntimeS,
                manual_resume = @ManualResume, methods = @Methods, status = @Status, last_ping = @LastPing,
                last_start = @LastStart, last_start_rid = @LastStartRid, last_duration_ms = @LastDurationMs,
                n_pings = @NPings, deadline = @Deadline, policy_id = @PolicyId, velocity = @Velocity,
                platform = @Platform, sku_count = @SkuCount, error_threshold = @ErrorThreshold,
                min_runtime_s = @MinRuntimeS, source = @Source, destination = @Destination, job_kind = @JobKind,
                flow_min_events = @FlowMinEvents, flow_window_s = @FlowWindowS, flow_active_hours = @FlowActiveHours,
                flow_tz = @FlowTz, flow_window_start = @FlowWindowStart, flow_events = @FlowEvents, rules = @Rules,
                version = version + 1
            WHERE id = @Id AND version = @Version
            """,
            CheckRow.Parameters(check), tx, cancellationToken: ct));
        if (changed != 1)
        {
            throw new System.Data.DBConcurrencyException($"Monitor {check.Uuid} changed while it was being written.");
        }

        return check with { Version = check.Version + 1 };
    }

    /// <summary>Records a status change in the monitor's history.</summary>
    internal const string InsertFlipSql = """
        INSERT INTO flips (check_id, created, old_status, new_status, reason, detail)
        VALUES (@check_id, @created, @old_status, @new_status, @reason, @detail)
        """;

    /// <summary>Records a status change; going down opens an incident, leaving down resolves the open one.</summary>
    private static Task RecordFlipAsync(DbConnection connection, DbTransaction tx, Check check, Flip flip, CancellationToken ct) =>
        RecordFlipAsync(connection, tx, check, flip, new IncidentLookups(), ct);

    /// <summary>Records a status change, reading what incidents share through <paramref name="lookups"/>.</summary>
    private static async Task RecordFlipAsync(
        DbConnection connection, DbTransaction tx, Check check, Flip flip, IncidentLookups lookups, CancellationToken ct)
    {
        await CloseRunsAsync(connection, tx, check, flip, ct);
        await connection.ExecuteAsync(new CommandDefinition(
            InsertFlipSql,
            new
            {
                check_id = check.Id,
                created = Time.ToMs(flip.At),
                old_status = flip.From.ToWire(),
                new_status = flip.To.ToWire(),
                reason = flip.Reason.ToWire(),
                detail = flip.Detail,
            },
            tx, cancellationToken: ct));
        if (!flip.TouchesIncident)
        {
            return;
        }

        if (flip.To == CheckStatus.Down)
        {
            await OpenIncidentAsync(connection, tx, check, flip.Reason, flip.Detail, flip.At, lookups, ct);
            return;
        }

        await SetIncidentPendingAsync(connection, tx, check.Id, false, ct);
        var open = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM incidents WHERE check_id = @checkId AND state = 'open'", new { checkId = check.Id }, tx, cancellationToken: ct));
        if (open is { } incidentId)
        {
            await ResolveAsync(connection, tx, incidentId, flip.At,
                flip.To == CheckStatus.Up ? $"{check.Name} recovered." : $"{check.Name} was {flip.To.ToWire()}.", ct);
        }
    }

    // A timeout marks the runs still going as timed out (a late finish still records their duration); a pause
    // forgets them, as it forgets the open run of the monitor.
    private static async Task CloseRunsAsync(DbConnection connection, DbTransaction tx, Check check, Flip flip, CancellationToken ct)
    {
        var (outcome, reason) = flip.Reason switch
        {
            FlipReason.Timeout => ("timeout", flip.Detail ?? "did not finish in time"),
            FlipReason.Paused => ("failed", "the monitor was paused while this run was going"),
            _ => (null, null),
        };
        if (outcome is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE runs SET outcome = @outcome, reason = @reason WHERE check_id = @checkId AND finished_at IS NULL AND outcome = 'running'",
                new { outcome, reason, checkId = check.Id }, tx, cancellationToken: ct));
        }
    }
}
