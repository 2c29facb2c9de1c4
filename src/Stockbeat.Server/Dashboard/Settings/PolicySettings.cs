using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Stockbeat.Alerts;
using Stockbeat.Server.Dashboard.Overview;
using Stockbeat.Server.Features.Policies;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Settings;

/// <summary>
/// Escalation policies with an ordered steps editor. The form becomes the API's JSON, so the API's validation
/// (<see cref="PolicySpec"/>) applies. Policies with automated actions are edited through the API only, because the
/// form has no fields for their requests and saving it would drop them.
/// </summary>
internal static class PolicySettings
{
    private const int BlankRows = 2;

    public static Task<IResult> PageAsync(HttpContext context, IStore store) =>
        RenderAsync(context, store, null, StatusCodes.Status200OK);

    public static Task<IResult> CreateAsync(HttpContext context, IStore store, ChannelSenders senders, TimeProvider time) =>
        SaveAsync(null, context, store, senders, time);

    public static Task<IResult> UpdateAsync(Guid uuid, HttpContext context, IStore store, ChannelSenders senders, TimeProvider time) =>
        SaveAsync(uuid, context, store, senders, time);

    public static async Task<IResult> DeleteAsync(Guid uuid, HttpContext context, IStore store)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        await store.DeletePolicyAsync(projectId, uuid, context.RequestAborted);
        return Results.Redirect("/settings/policies");
    }

    private static async Task<IResult> SaveAsync(Guid? uuid, HttpContext context, IStore store, ChannelSenders senders, TimeProvider time)
    {
        var ct = context.RequestAborted;
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        var existing = uuid is { } id ? (await store.ListPoliciesAsync(projectId, ct)).FirstOrDefault(p => p.Uuid == id) : null;
        if (uuid is not null && existing is null)
        {
            return Page.Problem(context, StatusCodes.Status404NotFound, "Policy not found", "There is no such policy.");
        }

        if (existing is not null && existing.Policy.Steps.Any(s => s.Action is not null))
        {
            return await RenderAsync(context, store, "This policy has automated actions; edit it through the API so that they are kept.", StatusCodes.Status409Conflict);
        }

        var form = await context.Request.ReadFormAsync(ct);
        var (json, problem) = ToJson(form);
        var channels = (await store.ListChannelsAsync(projectId, ct)).ToDictionary(c => c.Uuid, c => c.Kind);
        var parsed = problem is null ? PolicySpec.Parse(JsonSerializer.SerializeToElement(json), channels, senders.Kinds, out problem) : null;
        if (parsed is null)
        {
            return await RenderAsync(context, store, problem!.Replace("json validation error: ", "", StringComparison.Ordinal), StatusCodes.Status400BadRequest);
        }

        if (existing is null)
        {
            await store.CreatePolicyAsync(projectId, parsed.Name, parsed.Policy, parsed.IsDefault ?? false, time.GetUtcNow(), ct);
        }
        else
        {
            await store.UpdatePolicyAsync(projectId, existing.Uuid, parsed.Name, parsed.Policy, parsed.IsDefault ?? false, ct);
        }

        return Results.Redirect("/settings/policies");
    }

    /// <summary>The rows of the steps editor as API JSON; a row without "after" is left out.</summary>
    private static (JsonObject Json, string? Problem) ToJson(IFormCollection form)
    {
        var steps = new JsonArray();
        var after = form["after_minutes"];
        var kinds = form["kinds"];
        var messages = form["message"];
        for (var i = 0; i < after.Count; i++)
        {
            var text = after[i]?.Trim() ?? "";
            if (text.Length == 0)
            {
                continue;
            }

            if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var minutes) || minutes > 525_600)
            {
                return ([], $"Step {steps.Count + 1}: \"after\" must be a number of minutes.");
            }

            var step = new JsonObject
            {
                ["after"] = (long)Math.Round(minutes * 60),
                ["kinds"] = new JsonArray([.. (i < kinds.Count ? kinds[i] ?? "" : "")
                    .Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(k => (JsonNode?)JsonValue.Create(k))]),
            };
            if (i < messages.Count && messages[i] is { Length: > 0 } message)
            {
                step["message"] = message;
            }

            steps.Add(step);
        }

        return (new JsonObject { ["name"] = form["name"].ToString().Trim(), ["steps"] = steps, ["default"] = form["default"] == "on" }, null);
    }

    private static async Task<IResult> RenderAsync(HttpContext context, IStore store, string? error, int status)
    {
        var policies = await store.ListPoliciesAsync(await OverviewEndpoints.ProjectAsync(store, context), context.RequestAborted);
        var admin = context.IsAdmin();
        var cards = policies.Select(p => H($"""
            <section class="card">
              <h2>{p.Name}{If(p.IsDefault, $" <span class=\"tag\">default</span>")}</h2>
              {(admin && p.Policy.Steps.All(s => s.Action is null)
                ? Editor(context, $"/settings/policies/{p.Uuid}", p, "Save policy")
                : H($"<ol class=\"steps\">{p.Policy.Steps.Select(s => H($"<li><b>+{Formats.Duration(s.After)}</b> {string.Join(", ", s.Kinds.Concat(s.Channels.Select(c => c.ToString())))}{(s.Action is null ? "" : " · automated action")}{(s.Message is { } m ? $" — {m}" : "")}</li>"))}</ol>"))}
              {If(p.Policy.RepeatEvery is not null, $"<p class=\"muted\">Repeats the last step every {Formats.Duration(p.Policy.RepeatEvery)} until acknowledged.</p>")}
              {If(admin && !p.IsDefault, $"{Page.Button(context, $"/settings/policies/{p.Uuid}/delete", "Delete policy", "button small danger")}")}
            </section>
            """));
        var body = H($"""
            <div class="page-head"><h1>Escalation policies</h1></div>
            {If(error is not null, $"<p class=\"alert\" role=\"alert\">{error}</p>")}
            <p class="muted">Each step fires its minutes after the incident opened and notifies the monitor's channels of the listed kinds, until someone acknowledges. Automated actions are set through the API (docs/alerting.md).</p>
            {cards}
            {If(admin, $"<section class=\"card\"><h2>New policy</h2>{Editor(context, "/settings/policies", null, "Create policy")}</section>")}
            """);
        return Page.Render(context, "Policies", "policies", body, status);
    }

    private static Markup Editor(HttpContext context, string action, PolicyRecord? policy, string submit)
    {
        var steps = policy?.Policy.Steps ?? [];
        var rows = steps.Select(s => Row(s.After.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture), string.Join(' ', s.Kinds), s.Message ?? ""))
            .Concat(Enumerable.Range(0, BlankRows).Select(_ => Row("", "", "")));
        return H($"""
            <form method="post" action="{action}">
              {Page.Csrf(context)}
              <div class="grid2">
                <label>Name <input name="name" value="{policy?.Name}" maxlength="100" required></label>
                <label class="check"><input type="checkbox" name="default"{If(policy?.IsDefault == true, $" checked")}> project default</label>
              </div>
              <table class="steps-editor">
                <thead><tr><th scope="col">After (min)</th><th scope="col">Notify channel kinds</th><th scope="col">Message</th></tr></thead>
                <tbody>{rows}</tbody>
              </table>
              <p class="muted">Steps run in order of their minutes; leave "after" empty to drop a row.</p>
              <button class="button primary" type="submit">{submit}</button>
            </form>
            """);
    }

    private static Markup Row(string after, string kinds, string message) => H($"""
        <tr><td><input name="after_minutes" value="{after}" inputmode="numeric" aria-label="After minutes"></td>
        <td><input name="kinds" value="{kinds}" placeholder="slack email" aria-label="Channel kinds"></td>
        <td><input name="message" value="{message}" maxlength="1000" aria-label="Message"></td></tr>
        """);
}
