using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Core.Checks;
using Stockbeat.Server.Api;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Incidents;

/// <summary><c>/api/v3/incidents</c>: list, inspect (timeline and deliveries), acknowledge, resolve.</summary>
internal static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v3/incidents").AddEndpointFilter(ApiAuth.Require(write: false));
        read.MapGet("/", ListAsync);
        read.MapGet("/{id}", GetAsync);
        var write = routes.MapGroup("/api/v3/incidents").AddEndpointFilter(ApiAuth.Require(write: true));
        write.MapPost("/{id}/ack", AcknowledgeAsync);
        write.MapPost("/{id}/resolve", ResolveAsync);
        return routes;
    }

    /// <remarks>Read-only callers see the monitor's unique key: its uuid is the ping capability.</remarks>
    public static object ToJson(IncidentRecord incident, bool readOnly) => new
    {
        id = incident.Id.ToString(CultureInfo.InvariantCulture),
        check = readOnly ? UniqueKeys.Of(incident.CheckUuid) : incident.CheckUuid.ToString(),
        reason = incident.Reason.ToWire(),
        severity = incident.Severity,
        status = incident.State,
        opened_at = ApiJson.Time(incident.Opened),
        acknowledged_at = ApiJson.Time(incident.Acknowledged),
        acknowledged_by = incident.AcknowledgedBy,
        resolved_at = ApiJson.Time(incident.Resolved),
        step = incident.Step,
        steps = incident.Policy.Steps.Count,
        next_step_at = ApiJson.Time(incident.NextStepAt),
        parent = incident.ParentId?.ToString(CultureInfo.InvariantCulture),
    };

    private static async Task<IResult> ListAsync(HttpContext context, IStore store)
    {
        var status = context.Request.Query["status"].ToString();
        if (status is not ("" or "open" or "all"))
        {
            return ApiErrors.BadRequest("invalid query: status must be open or all");
        }

        var incidents = await store.ListProjectIncidentsAsync(context.Caller().ProjectId, status != "all", 500, context.RequestAborted);
        return Results.Json(new { incidents = incidents.Select(i => ToJson(i, context.Caller().ReadOnly)) }, ApiJson.Options);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IStore store)
    {
        var (incident, error) = await FindAsync(id, context, store);
        if (incident is null)
        {
            return error!;
        }

        var events = await store.ListIncidentEventsAsync(incident.Id, context.RequestAborted);
        var deliveries = await store.ListDeliveriesAsync(incident.Id, context.RequestAborted);
        var channels = (await store.ListChannelsAsync(context.Caller().ProjectId, context.RequestAborted)).ToDictionary(c => c.Id);
        return Results.Json(new
        {
            incident = ToJson(incident, context.Caller().ReadOnly),
            timeline = events.Select(e => new { at = ApiJson.Time(e.At), kind = e.Kind, detail = e.Detail }),
            deliveries = deliveries.Select(d => new
            {
                step = d.Step,
                kind = d.Kind,
                channel = channels.TryGetValue(d.ChannelId, out var c) ? c.Uuid.ToString() : null,
                channel_name = channels.TryGetValue(d.ChannelId, out var n) ? n.Name : null,
                status = d.Status,
                attempts = d.Attempts,
                last_error = d.LastError,
                created_at = ApiJson.Time(d.Created),
                sent_at = ApiJson.Time(d.Sent),
                next_attempt_at = d.Status == "pending" ? ApiJson.Time(d.NextAttempt) : null,
            }),
        }, ApiJson.Options);
    }

    private static async Task<IResult> AcknowledgeAsync(string id, HttpContext context, IStore store, TimeProvider time)
    {
        var (incident, error) = await FindAsync(id, context, store);
        if (incident is null)
        {
            return error!;
        }

        var acknowledged = await store.AcknowledgeIncidentAsync(incident.Id, "api", time.GetUtcNow(), context.RequestAborted);
        return acknowledged is null
            ? ApiErrors.Conflict(incident.State == "open" ? "incident is already acknowledged" : "incident is not open")
            : Results.Json(ToJson(acknowledged, readOnly: false), ApiJson.Options);
    }

    private static async Task<IResult> ResolveAsync(string id, HttpContext context, IStore store, TimeProvider time)
    {
        var (incident, error) = await FindAsync(id, context, store);
        if (incident is null)
        {
            return error!;
        }

        var resolved = await store.ResolveIncidentAsync(incident.Id, "api", time.GetUtcNow(), context.RequestAborted);
        return resolved is null ? ApiErrors.Conflict("incident is not open") : Results.Json(ToJson(resolved, readOnly: false), ApiJson.Options);
    }

    private static async Task<(IncidentRecord? Incident, IResult? Error)> FindAsync(string id, HttpContext context, IStore store)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return (null, ApiErrors.BadRequest("invalid incident id"));
        }

        var incident = await store.GetIncidentAsync(context.Caller().ProjectId, number, context.RequestAborted);
        return incident is null ? (null, ApiErrors.NotFound()) : (incident, null);
    }
}
