using System.Data.Common;
using Dapper;
using Stockbeat.Core.Incidents;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Storage;

public abstract partial class SqlStore
{
    /// <inheritdoc />
    public async Task<string> GetOrAddSettingAsync(string key, string valueIfAbsent, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO settings (key, value) VALUES (@key, @valueIfAbsent) ON CONFLICT (key) DO NOTHING",
            new { key, valueIfAbsent }, cancellationToken: ct));
        return await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT value FROM settings WHERE key = @key", new { key }, cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task<PolicyRecord> CreatePolicyAsync(
        long projectId, string name, EscalationPolicy policy, bool isDefault, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        if (isDefault)
        {
            await ClearDefaultPolicyAsync(connection, tx, projectId, ct);
        }

        var uuid = Guid.NewGuid();
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO policies (uuid, project_id, name, steps, repeat_every_s, is_default, created)
            VALUES (@uuid, @projectId, @name, @steps, @repeat, @isDefault, @created) RETURNING id
            """,
            PolicyParameters(uuid, projectId, name, policy, isDefault, now),
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new PolicyRecord(id, uuid, projectId, name, policy, isDefault);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PolicyRecord>> ListPoliciesAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Uuid, string Name, string Steps, long? RepeatEveryS, long IsDefault)>(
            new CommandDefinition(
                "SELECT id, uuid, name, steps, repeat_every_s, is_default FROM policies WHERE project_id = @projectId ORDER BY id",
                new { projectId }, cancellationToken: ct));
        return [.. rows.Select(r => new PolicyRecord(
            r.Id, Guid.Parse(r.Uuid), projectId, r.Name, PolicyJson.Policy(r.Steps, r.RepeatEveryS), r.IsDefault != 0))];
    }

    /// <inheritdoc />
    public async Task<PolicyRecord?> UpdatePolicyAsync(
        long projectId, Guid uuid, string name, EscalationPolicy policy, bool isDefault, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        if (isDefault)
        {
            await ClearDefaultPolicyAsync(connection, tx, projectId, ct);
        }

        var id = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            """
            UPDATE policies SET name = @name, steps = @steps, repeat_every_s = @repeat, is_default = @isDefault
            WHERE uuid = @uuid AND project_id = @projectId RETURNING id
            """,
            PolicyParameters(uuid, projectId, name, policy, isDefault, null),
            tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id is { } found ? new PolicyRecord(found, uuid, projectId, name, policy, isDefault) : null;
    }

    /// <inheritdoc />
    public async Task<bool> DeletePolicyAsync(long projectId, Guid uuid, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM policies WHERE uuid = @uuid AND project_id = @projectId",
            new { uuid = uuid.ToString(), projectId }, cancellationToken: ct)) > 0;
    }

    /// <inheritdoc />
    public async Task<MaintenanceRecord> CreateMaintenanceAsync(long projectId, MaintenanceWindow window, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO maintenance_windows (uuid, project_id, name, starts, ends, schedule, tz, duration_s, checks, tags, created)
            VALUES (@uuid, @projectId, @name, @starts, @ends, @schedule, @tz, @durationS, @checks, @tags, @created) RETURNING id
            """,
            new
            {
                uuid = window.Uuid.ToString(),
                projectId,
                name = window.Name,
                starts = Time.ToMs(window.Start),
                ends = Time.ToMs(window.End),
                schedule = window.Recurrence?.Expression,
                tz = window.Recurrence?.TimeZone,
                durationS = window.Duration is { } d ? (long?)d.TotalSeconds : null,
                checks = string.Join(',', window.Checks),
                tags = string.Join(' ', window.Tags),
                created = Time.ToMs(now),
            },
            cancellationToken: ct));
        return new MaintenanceRecord(id, projectId, window);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<MaintenanceRecord>> ListMaintenanceAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await LoadMaintenanceAsync(connection, null, projectId, ct);
    }

    /// <inheritdoc />
    public async Task<bool> DeleteMaintenanceAsync(long projectId, Guid uuid, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM maintenance_windows WHERE uuid = @uuid AND project_id = @projectId",
            new { uuid = uuid.ToString(), projectId }, cancellationToken: ct)) > 0;
    }

    /// <inheritdoc />
    public Task SetDependenciesAsync(long checkId, IReadOnlyList<long> upstreamIds, CancellationToken ct) =>
        ReplaceLinksAsync("check_dependencies", "upstream_id", checkId, upstreamIds.Where(id => id != checkId), ct);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<Guid>>> GetDependenciesAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await ReadLinksAsync(connection,
            """
            SELECT d.check_id, u.uuid FROM check_dependencies d JOIN checks u ON u.id = d.upstream_id
            WHERE u.project_id = @projectId ORDER BY u.id
            """,
            new { projectId }, ct);
    }

    /// <inheritdoc />
    public async Task<ChannelRecord?> UpdateChannelAsync(long projectId, Guid uuid, string name, string config, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<ChannelRow>(new CommandDefinition(
            $"""
            UPDATE channels SET name = @name, config = @config WHERE uuid = @uuid AND project_id = @projectId
            RETURNING {ChannelRow.Columns.Replace("c.", "", StringComparison.Ordinal)}
            """,
            new { uuid = uuid.ToString(), projectId, name, config }, cancellationToken: ct));
        return row?.ToRecord();
    }

    private static object PolicyParameters(
        Guid uuid, long projectId, string name, EscalationPolicy policy, bool isDefault, DateTimeOffset? created) => new
        {
            uuid = uuid.ToString(),
            projectId,
            name,
            steps = PolicyJson.SerializeSteps(policy.Steps),
            repeat = policy.RepeatEvery is { } r ? (long?)r.TotalSeconds : null,
            isDefault = isDefault ? 1L : 0L,
            created = Time.ToMs(created),
        };

    private static Task<int> ClearDefaultPolicyAsync(DbConnection connection, DbTransaction tx, long projectId, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(
            "UPDATE policies SET is_default = 0 WHERE project_id = @projectId", new { projectId }, tx, cancellationToken: ct));

    private static async Task<IReadOnlyList<MaintenanceRecord>> LoadMaintenanceAsync(
        DbConnection connection, DbTransaction? tx, long projectId, CancellationToken ct)
    {
        var rows = await connection.QueryAsync<MaintenanceRow>(new CommandDefinition(
            """
            SELECT id, uuid, name, starts, ends, schedule, tz, duration_s, checks, tags FROM maintenance_windows
            WHERE project_id = @projectId ORDER BY id
            """,
            new { projectId }, tx, cancellationToken: ct));
        return [.. rows.Select(r => new MaintenanceRecord(r.Id, projectId, r.ToWindow()))];
    }

    private sealed class MaintenanceRow
    {
        public long Id { get; set; }
        public string Uuid { get; set; } = "";
        public string Name { get; set; } = "";
        public long? Starts { get; set; }
        public long? Ends { get; set; }
        public string? Schedule { get; set; }
        public string? Tz { get; set; }
        public long? DurationS { get; set; }
        public string Checks { get; set; } = "";
        public string Tags { get; set; } = "";

        public MaintenanceWindow ToWindow() => new(
            Guid.Parse(Uuid),
            Name,
            Time.FromMs(Starts),
            Time.FromMs(Ends),
            Schedule is null ? null : CronSchedule.Parse(Schedule, Tz ?? "UTC"),
            DurationS is { } d ? TimeSpan.FromSeconds(d) : null,
            [.. Checks.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse)],
            Tags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
