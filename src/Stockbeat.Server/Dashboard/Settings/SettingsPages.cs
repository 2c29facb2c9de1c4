using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Core.Platforms;
using Stockbeat.Server.Dashboard.Auth;
using Stockbeat.Server.Dashboard.Overview;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Settings;

/// <summary>Settings: accounts, channels, escalation policies, maintenance windows and the capacity planner.</summary>
internal static class SettingsPages
{
    public static void MapSettingsPages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/settings/users", UsersAsync);
        routes.MapGet("/settings/channels", ChannelSettings.PageAsync);
        routes.MapGet("/settings/api-keys", ApiKeySettings.PageAsync);
        routes.MapGet("/settings/policies", PolicySettings.PageAsync);
        routes.MapGet("/settings/maintenance", MaintenanceSettings.PageAsync);
        routes.MapGet("/settings/capacity", Capacity);
    }

    public static void MapSettingsActions(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/settings/users", CreateUserAsync);
        routes.MapPost("/settings/users/{id:long}/delete", DeleteUserAsync);
        routes.MapPost("/settings/channels", ChannelSettings.CreateAsync);
        routes.MapPost("/settings/channels/{uuid:guid}/test", ChannelSettings.TestAsync);
        routes.MapPost("/settings/channels/{uuid:guid}/delete", ChannelSettings.DeleteAsync);
        routes.MapPost("/settings/api-keys", ApiKeySettings.CreateAsync);
        routes.MapPost("/settings/api-keys/{id:long}/revoke", ApiKeySettings.RevokeAsync);
        routes.MapPost("/settings/policies", PolicySettings.CreateAsync);
        routes.MapPost("/settings/policies/{uuid:guid}", PolicySettings.UpdateAsync);
        routes.MapPost("/settings/policies/{uuid:guid}/delete", PolicySettings.DeleteAsync);
        routes.MapPost("/settings/maintenance", MaintenanceSettings.CreateAsync);
        routes.MapPost("/settings/maintenance/{uuid:guid}/delete", MaintenanceSettings.DeleteAsync);
    }

    private static async Task<IResult> UsersAsync(HttpContext context, IStore store) =>
        await UsersPageAsync(context, store, null, StatusCodes.Status200OK);

    private static async Task<IResult> UsersPageAsync(HttpContext context, IStore store, string? error, int status)
    {
        var me = context.User();
        var users = await store.ListUsersAsync(context.RequestAborted);
        var rows = users.Select(u => H($"""
            <tr><td>{u.Email}</td><td>{u.Role}</td><td>{Formats.Utc(u.Created)}</td><td>{Formats.Utc(u.LastLogin)}</td>
            <td>{If(context.IsAdmin() && u.Id != me.Id, $"{Page.Button(context, $"/settings/users/{u.Id}/delete", "Delete", "button small danger")}")}</td></tr>
            """));
        var create = context.IsAdmin()
            ? H($"""
                <section class="card">
                  <h2>Add an account</h2>
                  {If(error is not null, $"<p class=\"alert\" role=\"alert\">{error}</p>")}
                  <form method="post" action="/settings/users" class="grid2">
                    {Page.Csrf(context)}
                    <label>Email <input type="email" name="email" required></label>
                    <label>Role <select name="role"><option value="viewer">viewer (read-only)</option><option value="admin">admin</option></select></label>
                    <label>Password <input type="password" name="password" autocomplete="new-password" minlength="{PasswordHasher.MinLength}" required></label>
                    <label>Repeat password <input type="password" name="confirm" autocomplete="new-password" required></label>
                    <div><button class="button primary" type="submit">Add account</button></div>
                  </form>
                </section>
                """)
            : Markup.Empty;
        var body = H($"""
            <div class="page-head"><h1>Users</h1></div>
            <section class="card">
              <p>Admins change everything; viewers see every page and change nothing.</p>
              <table><thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Created</th><th scope="col">Last sign-in</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
              <tbody>{rows}</tbody></table>
            </section>
            {create}
            """);
        return Page.Render(context, "Users", "users", body, status);
    }

    private static async Task<IResult> CreateUserAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var email = Accounts.Normalize(form["email"].ToString());
        var role = form["role"].ToString();
        var password = form["password"].ToString();
        var problem = AccountPages.ValidateNewAccount(email, password, form["confirm"].ToString())
            ?? (Roles.IsValid(role) ? null : "Choose the role admin or viewer.");
        if (problem is not null)
        {
            return await UsersPageAsync(context, store, problem, StatusCodes.Status400BadRequest);
        }

        var created = await store.CreateUserAsync(email, PasswordHasher.Hash(password), role, onlyIfNone: false, time.GetUtcNow(), context.RequestAborted);
        return created is null
            ? await UsersPageAsync(context, store, $"An account for {email} exists already.", StatusCodes.Status409Conflict)
            : Results.Redirect("/settings/users");
    }

    private static async Task<IResult> DeleteUserAsync(long id, HttpContext context, IStore store)
    {
        if (id == context.User().Id)
        {
            return await UsersPageAsync(context, store, "You cannot delete your own account while signed in with it.", StatusCodes.Status400BadRequest);
        }

        await store.DeleteUserAsync(id, context.RequestAborted);
        return Results.Redirect("/settings/users");
    }

    private static IResult Capacity(HttpContext context)
    {
        var query = context.Request.Query;
        var platformId = query["platform"].ToString();
        var skusText = query["skus"].ToString();
        var minutesText = query["every_minutes"].ToString();
        Markup verdict = Markup.Empty;
        if (platformId.Length > 0 || skusText.Length > 0 || minutesText.Length > 0)
        {
            verdict = PlatformProfile.Find(platformId) is not { } platform
                ? H($"<p class=\"alert\">Choose a platform.</p>")
                : !long.TryParse(skusText, NumberStyles.None, CultureInfo.InvariantCulture, out var skus) || skus > 1_000_000_000
                    ? H($"<p class=\"alert\">The SKU count must be a whole number up to 1 000 000 000.</p>")
                    : !double.TryParse(minutesText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var minutes) || minutes is < 1 or > 525_600
                        ? H($"<p class=\"alert\">The interval must be 1 to 525 600 minutes.</p>")
                        : Plan(platform, skus, TimeSpan.FromMinutes(minutes));
        }

        var options = PlatformProfile.BuiltIn.Select(p => H($"<option value=\"{p.Id}\"{If(p.Id == platformId, $" selected")}>{p.Name}</option>"));
        var body = H($"""
            <div class="page-head"><h1>Capacity planner</h1></div>
            <section class="card">
              <p>Does a full stock sync of this many SKUs at this interval fit the channel's API budget?</p>
              <form method="get" action="/settings/capacity" class="filters">
                <label>Platform <select name="platform"><option value="">choose…</option>{options}</select></label>
                <label>SKUs <input name="skus" value="{skusText}" inputmode="numeric" required></label>
                <label>Every (minutes) <input name="every_minutes" value="{minutesText}" inputmode="numeric" required></label>
                <button class="button primary" type="submit">Plan</button>
              </form>
              {verdict}
            </section>
            """);
        return Page.Render(context, "Capacity", "capacity", body);
    }

    private static Markup Plan(PlatformProfile platform, long skus, TimeSpan every)
    {
        var plan = CapacityPlanner.Plan(platform, skus, every);
        return H($"""
            <div class="verdict {(plan.Fits ? "ok" : "warn")}">
              <p><b>{(plan.Fits ? "Fits." : "Does not fit.")}</b> {plan.Message}</p>
              <dl class="factlist">
                <div><dt>Calls per run</dt><dd>{Number(plan.CallsPerRun)}</dd></div>
                <div><dt>Calls per day</dt><dd>{Number(Math.Ceiling(plan.CallsPerDay))}</dd></div>
                <div><dt>Daily budget</dt><dd>{(plan.BudgetPerDay is { } b ? Number(b) : "unlimited")}</dd></div>
                <div><dt>Fastest full sync</dt><dd>{Formats.Duration(plan.MinDuration)}</dd></div>
              </dl>
              <p class="muted">{platform.Note}</p>
            </div>
            """);
    }
}
