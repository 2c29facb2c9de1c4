using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Core.Checks;
using Stockbeat.Server.Dashboard.Overview;
using Stockbeat.Storage;
using static Stockbeat.Server.Dashboard.Html;

namespace Stockbeat.Server.Dashboard.Incidents;

/// <summary>Open and recent incidents, an incident's timeline and deliveries, acknowledge and resolve.</summary>
internal static class IncidentPages
{
    private const int RecentIncidents = 100;

    public static void MapIncidentPages(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/incidents", ListAsync);
        routes.MapGet("/incidents/{id:long}", PageAsync);
    }

    public static void MapIncidentActions(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/incidents/{id:long}/ack", AcknowledgeAsync);
        routes.MapPost("/incidents/{id:long}/resolve", ResolveAsync);
    }

    /// <summary>The incident's state as a badge: open (acknowledged or not), resolved, or grouped under another.</summary>
    public static Markup StateBadge(IncidentRecord incident) => incident.State switch
    {
        "open" when incident.Acknowledged is not null => H($"<span class=\"status s-late\"><span class=\"sym\" aria-hidden=\"true\">◐</span> acknowledged</span>"),
        "open" => H($"<span class=\"status s-down\"><span class=\"sym\" aria-hidden=\"true\">▲</span> open</span>"),
        "resolved" => H($"<span class=\"status s-up\"><span class=\"sym\" aria-hidden=\"true\">●</span> resolved</span>"),
        var other => H($"<span class=\"status s-new\">{other}</span>"),
    };

    private static async Task<IResult> ListAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var ct = context.RequestAborted;
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        var incidents = await store.ListProjectIncidentsAsync(projectId, openOnly: false, RecentIncidents, ct);
        var now = time.GetUtcNow();
        var open = incidents.Where(i => i.State == "open").ToList();
        var closed = incidents.Where(i => i.State != "open").ToList();
        var body = H($"""
            <div class="page-head"><h1>Incidents</h1></div>
            <section class="card">
              <h2>Open ({open.Count})</h2>
              {Table(open, now, context)}
            </section>
            <section class="card">
              <h2>Recent</h2>
              {Table(closed, now, context)}
            </section>
            """);
        return Page.Render(context, "Incidents", "incidents", body);
    }

    private static async Task<IResult> PageAsync(long id, HttpContext context, IStore store, TimeProvider time)
    {
        var ct = context.RequestAborted;
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        if (await store.GetIncidentAsync(projectId, id, ct) is not { } incident)
        {
            return NotFound(context);
        }

        var check = await store.GetCheckAsync(incident.CheckUuid, ct);
        var events = await store.ListIncidentEventsAsync(incident.Id, ct);
        var deliveries = await store.ListDeliveriesAsync(incident.Id, ct);
        var channels = (await store.ListChannelsAsync(projectId, ct)).ToDictionary(c => c.Id);
        var now = time.GetUtcNow();
        var name = check?.Name ?? "deleted monitor";
        var actions = context.IsAdmin() && incident.State == "open"
            ? H($"""
                {If(incident.Acknowledged is null, $"{Page.Button(context, $"/incidents/{incident.Id}/ack", "Acknowledge", "button primary")}")}
                {Page.Button(context, $"/incidents/{incident.Id}/resolve", "Resolve")}
                """)
            : Markup.Empty;
        var steps = incident.Policy.Steps.Select((s, i) => H($"""
            <li class="{(i < incident.Step ? "done" : "todo")}"><b>Step {i + 1}</b> at +{Formats.Duration(s.After)}: {StepText(s, channels)}{(i < incident.Step ? " · fired" : "")}</li>
            """));
        var timeline = events.Select(e => H($"<li><time datetime=\"{e.At:O}\">{Formats.Utc(e.At)}</time> <b>{e.Kind}</b> {e.Detail}</li>"));
        var deliveryRows = deliveries.Select(d => H($"""
            <tr><td>{d.Step}</td><td>{d.Kind}</td><td>{(channels.TryGetValue(d.ChannelId, out var c) ? $"{c.Name} ({c.Kind})" : d.ChannelId == 0 ? "automated action" : "deleted channel")}</td>
            <td><span class="delivery d-{d.Status}">{d.Status}</span></td><td>{d.Attempts}</td><td>{Formats.Utc(d.Sent ?? d.Created)}</td><td class="ua">{d.LastError}</td></tr>
            """));
        var body = H($"""
            <nav class="crumbs"><a href="/incidents">Incidents</a> › #{incident.Id}</nav>
            <div class="page-head">
              <h1>Incident #{incident.Id}: {name} {StateBadge(incident)}</h1>
              <div class="actions">{actions}</div>
            </div>
            <section class="card facts">
              <dl class="factlist">
                <div><dt>Monitor</dt><dd>{(check is null ? H($"{name}") : H($"<a href=\"/monitors/{check.Uuid}\">{check.Name}</a>"))}</dd></div>
                <div><dt>Reason</dt><dd>{incident.Reason.ToWire()}</dd></div>
                <div><dt>Severity</dt><dd>{incident.Severity}</dd></div>
                <div><dt>Opened</dt><dd title="{Formats.Utc(incident.Opened)}">{Formats.Ago(incident.Opened, now)}</dd></div>
                <div><dt>Escalation</dt><dd>step {Math.Min(incident.Step, incident.Policy.Steps.Count)}/{incident.Policy.Steps.Count}{(incident.NextStepAt is { } next ? $", next {Formats.Ago(next, now)}" : "")}</dd></div>
                <div><dt>Acknowledged</dt><dd title="{Formats.Utc(incident.Acknowledged)}">{(incident.Acknowledged is { } ack ? $"{Formats.Ago(ack, now)} by {incident.AcknowledgedBy}" : "no")}</dd></div>
                <div><dt>Resolved</dt><dd title="{Formats.Utc(incident.Resolved)}">{(incident.Resolved is { } resolved ? Formats.Ago(resolved, now) : "no")}</dd></div>
              </dl>
            </section>
            <div class="cols">
              <section class="card"><h2>Timeline</h2>{(events.Count == 0 ? H($"<p class=\"empty\">Nothing yet.</p>") : H($"<ol class=\"timeline\">{timeline}</ol>"))}</section>
              <section class="card"><h2>Escalation steps</h2>{(incident.Policy.Steps.Count == 0 ? H($"<p class=\"empty\">No steps.</p>") : H($"<ol class=\"steps\">{steps}</ol>"))}</section>
            </div>
            <section class="card">
              <h2>Deliveries</h2>
              {(deliveries.Count == 0 ? H($"<p class=\"empty\">No deliveries yet.</p>") : H($"""
                <div class="scroll"><table><thead><tr><th scope="col">Step</th><th scope="col">Kind</th><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">At</th><th scope="col">Last error</th></tr></thead>
                <tbody>{deliveryRows}</tbody></table></div>
                """))}
            </section>
            """);
        return Page.Render(context, $"Incident #{incident.Id}", "incidents", body);
    }

    private static Task<IResult> AcknowledgeAsync(long id, HttpContext context, IStore store, TimeProvider time) =>
        ChangeAsync(id, context, store, (by, ct) => store.AcknowledgeIncidentAsync(id, by, time.GetUtcNow(), ct),
            "Not acknowledged", "The incident is already acknowledged or no longer open.");

    private static Task<IResult> ResolveAsync(long id, HttpContext context, IStore store, TimeProvider time) =>
        ChangeAsync(id, context, store, (by, ct) => store.ResolveIncidentAsync(id, by, time.GetUtcNow(), ct),
            "Not resolved", "The incident is no longer open.");

    /// <summary>Acknowledges or resolves an incident of the signed-in user's project, as <paramref name="change"/> does.</summary>
    private static async Task<IResult> ChangeAsync(
        long id, HttpContext context, IStore store, Func<string, CancellationToken, Task<IncidentRecord?>> change,
        string refusedTitle, string refusedDetail)
    {
        var projectId = await OverviewEndpoints.ProjectAsync(store, context);
        if (await store.GetIncidentAsync(projectId, id, context.RequestAborted) is null)
        {
            return NotFound(context);
        }

        return await change(context.User().Email, context.RequestAborted) is null
            ? Page.Problem(context, StatusCodes.Status409Conflict, refusedTitle, refusedDetail)
            : Results.Redirect($"/incidents/{id}");
    }

    private static Markup Table(List<IncidentRecord> incidents, DateTimeOffset now, HttpContext context)
    {
        if (incidents.Count == 0)
        {
            return H($"<p class=\"empty\">None.</p>");
        }

        var rows = incidents.Select(i => H($"""
            <tr><td><a href="/incidents/{i.Id}">#{i.Id}</a></td><td>{i.CheckName}</td><td>{i.Reason.ToWire()}</td>
            <td>{StateBadge(i)}</td><td>step {Math.Min(i.Step, i.Policy.Steps.Count)}/{i.Policy.Steps.Count}</td>
            <td title="{Formats.Utc(i.Opened)}">{Formats.Ago(i.Opened, now)}</td><td>{(i.Resolved is { } r ? Formats.Duration(r - i.Opened) : "")}</td>
            <td>{If(context.IsAdmin() && i.State == "open" && i.Acknowledged is null, $"{Page.Button(context, $"/incidents/{i.Id}/ack", "Acknowledge", "button small")}")}</td></tr>
            """));
        return H($"""
            <div class="scroll"><table class="incidents">
              <thead><tr><th scope="col">#</th><th scope="col">Monitor</th><th scope="col">Reason</th><th scope="col">State</th><th scope="col">Escalation</th><th scope="col">Opened</th><th scope="col">Lasted</th><th scope="col"><span class="sr">Actions</span></th></tr></thead>
              <tbody>{rows}</tbody>
            </table></div>
            """);
    }

    private static string StepText(Core.Incidents.EscalationStep step, Dictionary<long, ChannelRecord> channels)
    {
        var parts = new List<string>();
        if (step.Kinds.Count > 0)
        {
            parts.Add(string.Join(", ", step.Kinds));
        }

        if (step.Channels.Count > 0)
        {
            var byUuid = channels.Values.ToDictionary(c => c.Uuid, c => c.Name);
            parts.Add(string.Join(", ", step.Channels.Select(u => byUuid.GetValueOrDefault(u, u.ToString()))));
        }

        if (step.Action is not null)
        {
            parts.Add("automated action");
        }

        var text = parts.Count == 0 ? "nobody" : string.Join(" · ", parts);
        return step.Message is { } message ? $"{text} — {message}" : text;
    }

    private static IResult NotFound(HttpContext context) =>
        Page.Problem(context, StatusCodes.Status404NotFound, "Incident not found", "There is no such incident.");
}
