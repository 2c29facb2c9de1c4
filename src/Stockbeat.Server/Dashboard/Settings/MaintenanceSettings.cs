using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Stockbeat.Server.Dashboard.Overview;
using Stockbeat.Server.Features.Maintenance;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Settings;

/// <summary>Maintenance windows: list, plan (one-off or recurring, validated as the API does), delete.</summary>
internal static class MaintenanceSettings
{
    public static Task<IResult> PageAsync(HttpContext context, IStore store, TimeProvider time) =>
        RenderAsync(context, store, time, null, StatusCodes.Status200OK);

    public static async Task<IResult> CreateAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var ct = context.RequestAborted;
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        var form = await context.Request.ReadFormAsync(ct);
        var json = new JsonObject { ["name"] = form["name"].ToString().Trim(), ["tags"] = form["tags"].ToString().Trim() };
        if (form["kind"] == "recurring")
        {
            json["schedule"] = form["schedule"].ToString().Trim();
            json["tz"] = form["tz"].ToString().Trim() is { Length: > 0 } tz ? tz : "UTC";
            json["duration"] = double.TryParse(form["duration_minutes"], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var minutes)
                ? (long)Math.Round(minutes * 60)
                : -1;
        }
        else
        {
            // datetime-local fields carry no zone; the form says they are UTC.
            json["start"] = Utc(form["start"].ToString());
            json["end"] = Utc(form["end"].ToString());
        }

        var element = JsonSerializer.SerializeToElement(json);
        var checks = await MaintenanceEndpoints.KnownChecksAsync(element, projectId, store, ct);
        var window = MaintenanceEndpoints.Parse(element, checks, out var error);
        if (window is null)
        {
            return await RenderAsync(context, store, time, error!.Replace("json validation error: ", "", StringComparison.Ordinal), StatusCodes.Status400BadRequest);
        }

        await store.CreateMaintenanceAsync(projectId, window, time.GetUtcNow(), ct);
        return Results.Redirect("/settings/maintenance");
    }

    public static async Task<IResult> DeleteAsync(Guid uuid, HttpContext context, IStore store)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        await store.DeleteMaintenanceAsync(projectId, uuid, context.RequestAborted);
        return Results.Redirect("/settings/maintenance");
    }

    private static string Utc(string local) => local.Length == 0 ? "" : local.Length == 16 ? $"{local}:00Z" : $"{local}Z";

    private static async Task<IResult> RenderAsync(HttpContext context, IStore store, TimeProvider time, string? error, int status)
    {
        var windows = await store.ListMaintenanceAsync(await OverviewEndpoints.ProjectAsync(store, context), context.RequestAborted);
        var now = time.GetUtcNow();
        var admin = context.IsAdmin();
        var rows = windows.Select(m => H($"""
            <tr><td>{m.Window.Name}</td><td>{(m.Window.Recurrence is { } r ? $"cron {r.Expression} ({r.TimeZone}) for {Formats.Duration(m.Window.Duration)}" : $"{Formats.Utc(m.Window.Start)} – {Formats.Utc(m.Window.End)}")}</td>
            <td>{string.Join(' ', m.Window.Tags)} {(m.Window.Checks.Count > 0 ? $"{m.Window.Checks.Count} monitors" : "")}</td>
            <td>{(m.Window.IsOpenAt(now) ? H($"<span class=\"status s-paused\">in progress</span>") : H($"<span class=\"muted\">not now</span>"))}</td>
            <td>{If(admin, $"{Page.Button(context, $"/settings/maintenance/{m.Window.Uuid}/delete", "Delete", "button small danger")}")}</td></tr>
            """));
        var body = H($"""
            <div class="page-head"><h1>Maintenance windows</h1></div>
            {If(error is not null, $"<p class=\"alert\" role=\"alert\">{error}</p>")}
            <section class="card">
              <p class="muted">During a window, monitors with its tags raise no incidents; one still down when it ends is reported then.</p>
              {(windows.Count == 0 ? H($"<p class=\"empty\">No maintenance windows.</p>") : H($"<table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">When</th><th scope=\"col\">Covers</th><th scope=\"col\">Now</th><th scope=\"col\"><span class=\"sr\">Actions</span></th></tr></thead><tbody>{rows}</tbody></table>"))}
            </section>
            {If(admin, $"""
            <section class="card">
              <h2>Plan a window</h2>
              <form method="post" action="/settings/maintenance">
                {Page.Csrf(context)}
                <div class="grid2">
                  <label>Name <input name="name" maxlength="100" required placeholder="ERP upgrade"></label>
                  <label>Tags <small>space-separated; monitors with any of them are covered</small><input name="tags" required placeholder="erp"></label>
                  <label class="check"><input type="radio" name="kind" value="once" checked> Once (UTC)</label>
                  <div class="grid2 tight"><label>Start <input type="datetime-local" name="start"></label><label>End <input type="datetime-local" name="end"></label></div>
                  <label class="check"><input type="radio" name="kind" value="recurring"> Recurring</label>
                  <div class="grid2 tight"><label>Cron <input name="schedule" placeholder="0 2 * * 0"></label><label>Time zone <input name="tz" placeholder="Europe/Berlin"></label></div>
                  <span></span>
                  <label>Duration in minutes <input name="duration_minutes" inputmode="numeric" placeholder="120"></label>
                </div>
                <button class="button primary" type="submit">Plan window</button>
              </form>
            </section>
            """)}
            """);
        return Page.Render(context, "Maintenance", "maintenance", body, status);
    }
}
