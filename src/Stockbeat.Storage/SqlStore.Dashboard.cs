using Dapper;

namespace Stockbeat.Storage;

public abstract partial class SqlStore
{
    private const string UserColumns = "id, email, password_hash, role, created, last_login";

    /// <inheritdoc />
    public async Task<int> CountUsersAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM users", cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task<DashboardUser?> CreateUserAsync(
        string email, string passwordHash, string role, bool onlyIfNone, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginWriteAsync(connection, ct);
        // The existence check and the insert share one statement so that two setup requests cannot both pass the check.
        var id = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(
            $"""
            INSERT INTO users (email, password_hash, role, created)
            SELECT @email, @passwordHash, @role, @created
            WHERE NOT EXISTS (SELECT 1 FROM users{(onlyIfNone ? "" : " WHERE email = @email")})
            ON CONFLICT (email) DO NOTHING
            RETURNING id
            """,
            new { email, passwordHash, role, created = Time.ToMs(now) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id is { } created ? new DashboardUser(created, email, passwordHash, role, Time.FromMs(Time.ToMs(now)), null) : null;
    }

    /// <inheritdoc />
    public async Task<DashboardUser?> FindUserAsync(string email, CancellationToken ct) =>
        (await QueryUsersAsync("WHERE email = @email", new { email }, ct)) is [var user, ..] ? user : null;

    /// <inheritdoc />
    public async Task<DashboardUser?> GetUserAsync(long id, CancellationToken ct) =>
        (await QueryUsersAsync("WHERE id = @id", new { id }, ct)) is [var user, ..] ? user : null;

    /// <inheritdoc />
    public Task<IReadOnlyList<DashboardUser>> ListUsersAsync(CancellationToken ct) => QueryUsersAsync("ORDER BY email", null, ct);

    /// <inheritdoc />
    public async Task<bool> DeleteUserAsync(long id, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    /// <inheritdoc />
    public async Task SetLastLoginAsync(long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET last_login = @at WHERE id = @id", new { id, at = Time.ToMs(now) }, cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(long projectId, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Name, long ReadOnly, long Created)>(new CommandDefinition(
            "SELECT id, name, read_only, created FROM api_keys WHERE project_id = @projectId AND revoked IS NULL ORDER BY id",
            new { projectId }, cancellationToken: ct));
        return [.. rows.Select(r => new ApiKeyRecord(r.Id, r.Name, r.ReadOnly != 0, Time.FromMs(r.Created)))];
    }

    /// <inheritdoc />
    public async Task<bool> RevokeApiKeyAsync(long projectId, long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked = @at WHERE id = @id AND project_id = @projectId AND revoked IS NULL",
            new { id, projectId, at = Time.ToMs(now) }, cancellationToken: ct)) > 0;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListDataProtectionKeysAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT xml FROM data_protection_keys ORDER BY created, name", cancellationToken: ct))];
    }

    /// <inheritdoc />
    public async Task AddDataProtectionKeyAsync(string name, string xml, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO data_protection_keys (name, xml, created) VALUES (@name, @xml, @created) ON CONFLICT (name) DO NOTHING",
            new { name, xml, created = Time.ToMs(now) }, cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task<int> RecordLoginFailureAsync(string subject, DateTimeOffset now, DateTimeOffset resetBefore, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO login_throttle (subject, failures, last_failure) VALUES (@subject, 1, @now)
            ON CONFLICT (subject) DO UPDATE SET
                failures = CASE WHEN login_throttle.last_failure < @resetBefore THEN 1 ELSE login_throttle.failures + 1 END,
                last_failure = @now
            RETURNING failures
            """,
            new { subject, now = Time.ToMs(now), resetBefore = Time.ToMs(resetBefore) }, cancellationToken: ct));
    }

    /// <inheritdoc />
    public async Task<LoginFailures?> GetLoginFailuresAsync(string subject, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var row = await connection.QueryFirstOrDefaultAsync<(long Failures, long LastFailure)?>(new CommandDefinition(
            "SELECT failures, last_failure FROM login_throttle WHERE subject = @subject", new { subject }, cancellationToken: ct));
        return row is { } r ? new LoginFailures((int)r.Failures, Time.FromMs(r.LastFailure)) : null;
    }

    /// <inheritdoc />
    public async Task ClearLoginFailuresAsync(string subject, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM login_throttle WHERE subject = @subject", new { subject }, cancellationToken: ct));
    }

    private async Task<IReadOnlyList<DashboardUser>> QueryUsersAsync(string where, object? parameters, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        var rows = await connection.QueryAsync<(long Id, string Email, string PasswordHash, string Role, long Created, long? LastLogin)>(
            new CommandDefinition($"SELECT {UserColumns} FROM users {where}", parameters, cancellationToken: ct));
        return [.. rows.Select(r => new DashboardUser(r.Id, r.Email, r.PasswordHash, r.Role, Time.FromMs(r.Created), Time.FromMs(r.LastLogin)))];
    }
}
