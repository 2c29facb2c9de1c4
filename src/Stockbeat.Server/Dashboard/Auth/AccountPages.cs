using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Auth;

/// <summary>Sign-in, first-visit setup and sign-out.</summary>
internal static class AccountPages
{
    public static async Task<IResult> LoginFormAsync(HttpContext context, Accounts accounts)
    {
        if (await accounts.NeedsSetupAsync(context.RequestAborted))
        {
            return Results.Redirect("/setup");
        }

        return LoginPage(context, "", null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> LoginAsync(HttpContext context, Accounts accounts, LoginThrottle throttle)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var email = Accounts.Normalize(form["email"].ToString());
        var password = form["password"].ToString();
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (email.Length == 0 || password.Length == 0)
        {
            return LoginPage(context, email, "Enter your email and password.", StatusCodes.Status400BadRequest);
        }

        if (await throttle.WaitAsync(email, address, context.RequestAborted) is { } wait)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return LoginPage(context, email, $"Too many failed sign-ins. Try again in {Formats.Duration(TimeSpan.FromSeconds(seconds))}.",
                StatusCodes.Status429TooManyRequests);
        }

        var user = await accounts.CheckPasswordAsync(email, password, context.RequestAborted);
        if (user is null)
        {
            await throttle.FailedAsync(email, address, context.RequestAborted);
            return LoginPage(context, email, "Wrong email or password.", StatusCodes.Status401Unauthorized);
        }

        await throttle.SucceededAsync(email, context.RequestAborted);
        await accounts.SignInAsync(context, user);
        return Results.Redirect(SafeReturn(form["next"].ToString()));
    }

    public static async Task<IResult> SetupFormAsync(HttpContext context, Accounts accounts) =>
        await accounts.NeedsSetupAsync(context.RequestAborted) ? SetupPage(context, "", null, StatusCodes.Status200OK) : Results.Redirect("/login");

    public static async Task<IResult> SetupAsync(HttpContext context, Accounts accounts, IStore store, TimeProvider time)
    {
        if (!await accounts.NeedsSetupAsync(context.RequestAborted))
        {
            return Page.Problem(context, StatusCodes.Status409Conflict, "Already set up", "An account exists already; sign in with it.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var email = Accounts.Normalize(form["email"].ToString());
        var password = form["password"].ToString();
        if (ValidateNewAccount(email, password, form["confirm"].ToString()) is { } problem)
        {
            return SetupPage(context, email, problem, StatusCodes.Status400BadRequest);
        }

        var user = await store.CreateUserAsync(email, PasswordHasher.Hash(password), Roles.Admin, onlyIfNone: true, time.GetUtcNow(), context.RequestAborted);
        if (user is null)
        {
            return Page.Problem(context, StatusCodes.Status409Conflict, "Already set up", "Another visitor created the first account a moment ago; sign in with it.");
        }

        await accounts.SignInAsync(context, user);
        return Results.Redirect("/");
    }

    public static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(Accounts.Scheme);
        return Results.Redirect("/login");
    }

    /// <summary>The problem with a new account's email and password, or null.</summary>
    public static string? ValidateNewAccount(string email, string password, string confirm)
    {
        if (!Accounts.IsEmail(email))
        {
            return "Enter a valid email address.";
        }

        if (password.Length < PasswordHasher.MinLength)
        {
            return $"The password needs at least {PasswordHasher.MinLength} characters.";
        }

        if (password.Length > 1000)
        {
            return "The password is too long (at most 1000 characters).";
        }

        return password != confirm ? "The two passwords differ." : null;
    }

    /// <summary>Only local paths: an absolute URL here would make the sign-in page an open redirect.</summary>
    public static string SafeReturn(string next) =>
        next.StartsWith('/') && !next.StartsWith("//", StringComparison.Ordinal) && !next.StartsWith("/\\", StringComparison.Ordinal) ? next : "/";

    private static IResult LoginPage(HttpContext context, string email, string? error, int status)
    {
        var next = SafeReturn(context.Request.HasFormContentType ? context.Request.Form["next"].ToString() : context.Request.Query["next"].ToString());
        return Page.Bare(context, "Sign in", H($"""
            <section class="card auth">
              <h1><img src="/assets/logo.svg" alt="" width="28" height="28"> Sign in to Stockbeat</h1>
              {If(error is not null, $"<p class=\"alert\" role=\"alert\">{error}</p>")}
              <form method="post" action="/login">
                {Page.Csrf(context)}
                <input type="hidden" name="next" value="{next}">
                <label>Email <input type="email" name="email" value="{email}" autocomplete="username" required autofocus></label>
                <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
                <button type="submit" class="button primary">Sign in</button>
              </form>
            </section>
            """), status);
    }

    private static IResult SetupPage(HttpContext context, string email, string? error, int status) =>
        Page.Bare(context, "Set up", H($"""
            <section class="card auth">
              <h1><img src="/assets/logo.svg" alt="" width="28" height="28"> Welcome to Stockbeat</h1>
              <p>Create the admin account. Admins can add read-only viewer accounts later under Users.</p>
              {If(error is not null, $"<p class=\"alert\" role=\"alert\">{error}</p>")}
              <form method="post" action="/setup">
                {Page.Csrf(context)}
                <label>Email <input type="email" name="email" value="{email}" autocomplete="username" required autofocus></label>
                <label>Password <small>at least {PasswordHasher.MinLength} characters</small>
                  <input type="password" name="password" autocomplete="new-password" minlength="{PasswordHasher.MinLength}" required></label>
                <label>Repeat password <input type="password" name="confirm" autocomplete="new-password" required></label>
                <button type="submit" class="button primary">Create admin account</button>
              </form>
            </section>
            """), status);
}
