using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Alerts;
using Stockbeat.Server.Api;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Policies;

/// <summary><c>/api/v3/policies</c>: escalation policies (ordered steps, optional repeat, one project default).</summary>
internal static class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapPolicies(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v3/policies").AddEndpointFilter(ApiAuth.Require(write: false));
        read.MapGet("/", ListAsync);
        read.MapGet("/{id}", GetAsync);
        var write = routes.MapGroup("/api/v3/policies").AddEndpointFilter(ApiAuth.Require(write: true));
        write.MapPost("/", CreateAsync);
        write.MapPost("/{id}", UpdateAsync);
        write.MapDelete("/{id}", DeleteAsync);
        return routes;
    }

    public static object ToJson(PolicyRecord policy) => new
    {
        id = policy.Uuid.ToString(),
        name = policy.Name,
        @default = policy.IsDefault,
        steps = PolicyJson.StepsForApi(policy.Policy.Steps),
        repeat_every = policy.Policy.RepeatEvery is { } r ? (long?)r.TotalSeconds : null,
    };

    private static async Task<IResult> ListAsync(HttpContext context, IStore store)
    {
        var policies = await store.ListPoliciesAsync(context.Caller().ProjectId, context.RequestAborted);
        return Results.Json(new { policies = policies.Select(ToJson) }, ApiJson.Options);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IStore store)
    {
        var policy = await FindAsync(id, context, store);
        return policy is null ? ApiErrors.NotFound() : Results.Json(ToJson(policy), ApiJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IStore store, ChannelSenders senders, TimeProvider time)
    {
        var (parsed, error) = await ParseAsync(context, store, senders);
        if (parsed is null)
        {
            return error!;
        }

        var policy = await store.CreatePolicyAsync(
            context.Caller().ProjectId, parsed.Name, parsed.Policy, parsed.IsDefault ?? false, time.GetUtcNow(), context.RequestAborted);
        return Results.Json(ToJson(policy), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, IStore store, ChannelSenders senders)
    {
        var existing = await FindAsync(id, context, store);
        if (existing is null)
        {
            return ApiErrors.NotFound();
        }

        var (parsed, error) = await ParseAsync(context, store, senders);
        if (parsed is null)
        {
            return error!;
        }

        var policy = await store.UpdatePolicyAsync(
            existing.ProjectId, existing.Uuid, parsed.Name, parsed.Policy, parsed.IsDefault ?? existing.IsDefault, context.RequestAborted);
        return policy is null ? ApiErrors.NotFound() : Results.Json(ToJson(policy), ApiJson.Options);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IStore store)
    {
        var existing = await FindAsync(id, context, store);
        return existing is not null && await store.DeletePolicyAsync(existing.ProjectId, existing.Uuid, context.RequestAborted)
            ? Results.NoContent()
            : ApiErrors.NotFound();
    }

    private static async Task<(PolicySpec.Parsed? Parsed, IResult? Error)> ParseAsync(HttpContext context, IStore store, ChannelSenders senders)
    {
        var (body, bodyError, status) = await ApiBody.ReadAsync(context.Request);
        if (body is not { } json)
        {
            return (null, ApiErrors.Error(status, bodyError!));
        }

        var channels = (await store.ListChannelsAsync(context.Caller().ProjectId, context.RequestAborted)).ToDictionary(c => c.Uuid, c => c.Kind);
        var parsed = PolicySpec.Parse(json, channels, senders.Kinds, out var error);
        return parsed is null ? (null, ApiErrors.BadRequest(error!)) : (parsed, null);
    }

    private static async Task<PolicyRecord?> FindAsync(string id, HttpContext context, IStore store) =>
        Guid.TryParse(id, out var uuid)
            ? (await store.ListPoliciesAsync(context.Caller().ProjectId, context.RequestAborted)).FirstOrDefault(p => p.Uuid == uuid)
            : null;
}
