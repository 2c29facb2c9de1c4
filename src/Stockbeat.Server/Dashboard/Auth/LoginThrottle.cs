using Stockbeat.Storage;

namespace Stockbeat.Server.Dashboard.Auth;

/// <summary>
/// Slows down password guessing per account and per client address: after a few failures each further attempt waits
/// longer (doubling up to a ceiling), and an hour without failures forgets them. The counts live in the database, so
/// every node of a PostgreSQL cluster sees the same ones.
/// </summary>
internal sealed class LoginThrottle(IStore store, TimeProvider time)
{
    /// <summary>Failures of one account before it waits.</summary>
    public const int AccountAllowance = 5;

    // Higher than the account allowance: a whole office may sign in from one address.
    private const int AddressAllowance = 20;
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    /// <summary>How long the caller must still wait, or null when it may try now.</summary>
    public async Task<TimeSpan?> WaitAsync(string email, string address, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var account = Until(await store.GetLoginFailuresAsync(AccountSubject(email), ct), AccountAllowance);
        var client = Until(await store.GetLoginFailuresAsync(AddressSubject(address), ct), AddressAllowance);
        var until = new[] { account, client }.Max();
        return until is { } u && u > now ? u - now : null;
    }

    /// <summary>Counts a failed attempt against both the account and the address.</summary>
    public async Task FailedAsync(string email, string address, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await store.RecordLoginFailureAsync(AccountSubject(email), now, now - Memory, ct);
        await store.RecordLoginFailureAsync(AddressSubject(address), now, now - Memory, ct);
    }

    /// <summary>A successful sign-in forgets the account's failures (the address keeps its own).</summary>
    public Task SucceededAsync(string email, CancellationToken ct) => store.ClearLoginFailuresAsync(AccountSubject(email), ct);

    /// <summary>The wait after <paramref name="failures"/> failures with <paramref name="allowance"/> free ones.</summary>
    public static TimeSpan Backoff(int failures, int allowance)
    {
        if (failures < allowance)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - allowance, 10);
        var wait = FirstWait * Math.Pow(2, doublings);
        return wait < LongestWait ? wait : LongestWait;
    }

    private DateTimeOffset? Until(LoginFailures? failures, int allowance) =>
        failures is null || failures.Last < time.GetUtcNow() - Memory ? null : failures.Last + Backoff(failures.Count, allowance);

    private static string AccountSubject(string email) => $"account:{email}";

    private static string AddressSubject(string address) => $"address:{address}";
}
