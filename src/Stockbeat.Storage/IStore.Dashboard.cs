namespace Stockbeat.Storage;

/// <summary>A dashboard account.</summary>
/// <param name="Email">Lower-case email, the sign-in name.</param>
/// <param name="PasswordHash">The self-describing password hash (algorithm, iterations, salt, hash).</param>
/// <param name="Role"><c>admin</c> or <c>viewer</c>.</param>
public sealed record DashboardUser(long Id, string Email, string PasswordHash, string Role, DateTimeOffset Created, DateTimeOffset? LastLogin);

/// <summary>A live API key as the dashboard lists it: never the key itself, which only its creator saw once.</summary>
public sealed record ApiKeyRecord(long Id, string Name, bool ReadOnly, DateTimeOffset Created);

/// <summary>Failed sign-ins of one subject (an account or a client address) since the count was last reset.</summary>
public sealed record LoginFailures(int Count, DateTimeOffset Last);

public partial interface IStore
{
    /// <summary>How many dashboard accounts exist.</summary>
    Task<int> CountUsersAsync(CancellationToken ct);

    /// <summary>
    /// Creates a dashboard account. Null when the email is taken, or, with <paramref name="onlyIfNone"/>, when any account
    /// exists already (the first-visit setup page must create one account only).
    /// </summary>
    Task<DashboardUser?> CreateUserAsync(string email, string passwordHash, string role, bool onlyIfNone, DateTimeOffset now, CancellationToken ct);

    /// <summary>The account with this (lower-case) email.</summary>
    Task<DashboardUser?> FindUserAsync(string email, CancellationToken ct);

    /// <summary>The account with this id.</summary>
    Task<DashboardUser?> GetUserAsync(long id, CancellationToken ct);

    /// <summary>All accounts, by email.</summary>
    Task<IReadOnlyList<DashboardUser>> ListUsersAsync(CancellationToken ct);

    /// <summary>Deletes an account.</summary>
    Task<bool> DeleteUserAsync(long id, CancellationToken ct);

    /// <summary>Records a successful sign-in.</summary>
    Task SetLastLoginAsync(long id, DateTimeOffset now, CancellationToken ct);

    /// <summary>The live (unrevoked) API keys of a project, oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(long projectId, CancellationToken ct);

    /// <summary>Revokes a live API key of a project; false when there is no such live key.</summary>
    Task<bool> RevokeApiKeyAsync(long projectId, long id, DateTimeOffset now, CancellationToken ct);

    /// <summary>The XML of every Data Protection key, oldest first.</summary>
    Task<IReadOnlyList<string>> ListDataProtectionKeysAsync(CancellationToken ct);

    /// <summary>Stores a Data Protection key; a name stored before keeps its first XML.</summary>
    Task AddDataProtectionKeyAsync(string name, string xml, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Counts a failed sign-in of <paramref name="subject"/> and returns the new count. A count whose last failure is
    /// before <paramref name="resetBefore"/> starts again at one.
    /// </summary>
    Task<int> RecordLoginFailureAsync(string subject, DateTimeOffset now, DateTimeOffset resetBefore, CancellationToken ct);

    /// <summary>The failed sign-ins of <paramref name="subject"/>, or null when there are none.</summary>
    Task<LoginFailures?> GetLoginFailuresAsync(string subject, CancellationToken ct);

    /// <summary>Forgets the failed sign-ins of <paramref name="subject"/>.</summary>
    Task ClearLoginFailuresAsync(string subject, CancellationToken ct);
}
