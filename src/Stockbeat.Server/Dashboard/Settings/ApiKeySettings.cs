using Microsoft.AspNetCore.Http;
using Stockbeat.Server.Dashboard.Overview;
using Stockbeat.Server.Hosting;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Settings;

/// <summary>Management API keys: list, create (the key is shown once, only its hash is kept), revoke.</summary>
internal static class ApiKeySettings
{
    public static Task<IResult> PageAsync(HttpContext context, IStore store) =>
        RenderAsync(context, store, null, null, StatusCodes.Status200OK);

    public static async Task<IResult> CreateAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var name = form["name"].ToString().Trim();
        if (name.Length is 0 or > 100)
        {
            return await RenderAsync(context, store, null, "Give the key a name of at most 100 characters, e.g. \"ci deploy\".", StatusCodes.Status400BadRequest);
        }

        var key = Keys.NewApiKey();
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        await store.AddApiKeyAsync(projectId, name, KeyHash.Of(key), form["access"] == "read-only", time.GetUtcNow(), context.RequestAborted);
        return await RenderAsync(context, store, key, null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> RevokeAsync(long id, HttpContext context, IStore store, TimeProvider time)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        await store.RevokeApiKeyAsync(projectId, id, time.GetUtcNow(), context.RequestAborted);
        return Results.Redirect("/settings/api-keys");
    }

    private static async Task<IResult> RenderAsync(HttpContext context, IStore store, string? newKey, string? error, int status)
    {
        var keys = await store.ListApiKeysAsync(await OverviewEndpoints.ProjectAsync(store, context), context.RequestAborted);
        var admin = context.IsAdmin();
        var rows = keys.Select(k => H($"""
            <tr><td>{k.Name}</td><td>{(k.ReadOnly ? "read-only" : "read-write")}</td><td>{Formats.Utc(k.Created)}</td>
            <td>{If(admin, $"{Page.Button(context, $"/settings/api-keys/{k.Id}/revoke", "Revoke", "button small danger")}")}</td></tr>
            """));
        var body = H($"""
            <div class="page-head"><h1>API keys</h1></div>
            {If(newKey is not null, $"<section class=\"card notice\"><h2>New API key</h2><p>Copy it now: Stockbeat keeps only its hash and cannot show it again.</p><p><code id=\"new-key\">{newKey}</code> <button type=\"button\" class=\"button small\" data-copy=\"new-key\">Copy</button></p></section>")}
            {If(error is not null, $"<p class=\"alert\" role=\"alert\">{error}</p>")}
            <section class="card">
              <p>Keys for the management API (<code>X-Api-Key</code> header). Read-only keys can list but not change.</p>
              {(keys.Count == 0 ? H($"<p class=\"empty\">No live keys.</p>") : H($"<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Access</th><th scope=\"col\">Created</th><th scope=\"col\"><span class=\"sr\">Actions</span></th></tr></thead><tbody>{rows}</tbody></table>"))}
            </section>
            {If(admin, $"""
            <section class="card">
              <h2>Create a key</h2>
              <form method="post" action="/settings/api-keys" class="filters">
                {Page.Csrf(context)}
                <label class="grow">Name <input name="name" maxlength="100" required placeholder="ci deploy"></label>
                <label>Access <select name="access"><option value="read-write">read-write</option><option value="read-only">read-only</option></select></label>
                <button class="button primary" type="submit">Create key</button>
              </form>
            </section>
            """)}
            """);
        return Page.Render(context, "API keys", "api-keys", body, status);
    }
}
