using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;

namespace Stockbeat.Server.Dashboard.Auth;

/// <summary>Roles of dashboard accounts.</summary>
internal static class Roles
{
    public const string Admin = "admin";
    public const string Viewer = "viewer";

    public static bool IsValid(string role) => role is Admin or Viewer;
}

/// <summary>Dashboard accounts: the configured admin, the first-visit setup, sign-in and sign-out.</summary>
internal sealed class Accounts(IStore store, IOptions<StockbeatOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>The cookie authentication scheme of the dashboard; the APIs do not use it.</summary>
    public const string Scheme = CookieAuthenticationDefaults.AuthenticationScheme;

    private readonly SemaphoreSlim _adminGate = new(1, 1);
    private volatile bool _adminEnsured;

    /// <summary>A plausible email: something@something, no spaces, at most 254 characters.</summary>
    public static bool IsEmail(string email) =>
        email.Length is >= 3 and <= 254 && email.IndexOf('@', StringComparison.Ordinal) is > 0 and var at
        && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);

    /// <summary>Emails compare without case and surrounding spaces.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public void Dispose() => _adminGate.Dispose();

    /// <summary>Creates the configured admin account once, if it is configured and does not exist yet.</summary>
    public async Task EnsureConfiguredAdminAsync(CancellationToken ct)
    {
        var bootstrap = options.Value.Bootstrap;
        if (_adminEnsured || bootstrap.AdminEmail is null || bootstrap.AdminPassword is null)
        {
            return;
        }

        await _adminGate.WaitAsync(ct);
        try
        {
            var email = Normalize(bootstrap.AdminEmail);
            if (!_adminEnsured && await store.FindUserAsync(email, ct) is null)
            {
                await store.CreateUserAsync(email, PasswordHasher.Hash(bootstrap.AdminPassword), Roles.Admin, onlyIfNone: false, time.GetUtcNow(), ct);
            }

            _adminEnsured = true;
        }
        finally
        {
            _adminGate.Release();
        }
    }

    /// <summary>Whether the first-visit setup page may create an admin: nothing configured and no account yet.</summary>
    public async Task<bool> NeedsSetupAsync(CancellationToken ct)
    {
        await EnsureConfiguredAdminAsync(ct);
        return options.Value.Bootstrap.AdminEmail is null && await store.CountUsersAsync(ct) == 0;
    }

    /// <summary>The account whose password matches, or null.</summary>
    public async Task<DashboardUser?> CheckPasswordAsync(string email, string password, CancellationToken ct)
    {
        var user = await store.FindUserAsync(Normalize(email), ct);
        // Verify even without an account, so that the answer time does not tell which emails exist.
        return PasswordHasher.Verify(password, user?.PasswordHash) ? user : null;
    }

    /// <summary>Issues the session cookie.</summary>
    public async Task SignInAsync(HttpContext context, DashboardUser user)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Email),
            ],
            Scheme);
        await context.SignInAsync(Scheme, new ClaimsPrincipal(identity));
        await store.SetLastLoginAsync(user.Id, time.GetUtcNow(), context.RequestAborted);
    }

    /// <summary>
    /// The signed-in account, read from the cookie and then from the database, so that a deleted account or a changed
    /// role takes effect on the next request rather than when the cookie expires.
    /// </summary>
    public async Task<DashboardUser?> CurrentAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        var id = result.Succeeded ? result.Principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var userId))
        {
            return null;
        }

        return await store.GetUserAsync(userId, context.RequestAborted);
    }
}
