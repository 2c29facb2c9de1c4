using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Core.Checks;
using Stockbeat.Server.Api;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Checks;

/// <summary>The v3 management API for monitors: <c>/api/v3/checks/…</c>.</summary>
internal static class CheckEndpoints
{
    public static IEndpointRouteBuilder MapChecks(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v3/checks").AddEndpointFilter(ApiAuth.Require(write: false));
        read.MapGet("/", ListAsync);
        read.MapGet("/{id}", GetAsync);
        read.MapGet("/{id}/pings", CheckHistoryEndpoints.ListPingsAsync);
        read.MapGet("/{id}/pings/{n}/body", CheckHistoryEndpoints.GetPingBodyAsync);
        read.MapGet("/{id}/flips", CheckHistoryEndpoints.ListFlipsAsync);
        read.MapGet("/{id}/runs", Runs.RunEndpoints.ListRunsAsync);
        read.MapGet("/{id}/metrics", Runs.RunEndpoints.ListMetricsAsync);
        read.MapGet("/{id}/insights", Runs.RunEndpoints.ListInsightsAsync);

        var write = routes.MapGroup("/api/v3/checks").AddEndpointFilter(ApiAuth.Require(write: true));
        write.MapPost("/", CreateAsync);
        write.MapPost("/{id}", UpdateAsync);
        write.MapDelete("/{id}", DeleteAsync);
        write.MapPost("/{id}/pause", PauseAsync);
        write.MapPost("/{id}/resume", ResumeAsync);
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var caller = context.Caller();
        var tags = context.Request.Query["tag"].Where(t => !string.IsNullOrEmpty(t)).ToList();
        var slug = context.Request.Query["slug"].ToString();
        // The whole project's links are read once to list the project, and only its own for each monitor of one slug.
        var all = slug.Length == 0 ? await CheckRelations.LoadAsync(store, caller.ProjectId, context.RequestAborted) : null;
        var now = time.GetUtcNow();
        var baseUrl = context.BaseUrl();
        // Streamed: each monitor is read, written to the answer and dropped, so a project of a million monitors is
        // listed without holding them (or the answer) in memory.
        var filter = new CheckFilter(Slug: slug.Length == 0 ? null : slug);
        var checks = Matching(store.StreamChecksAsync(caller.ProjectId, filter, context.RequestAborted),
            c => tags.All(t => c.TagList.Contains(t)),
            async c => CheckJson.From(c, now, caller.ReadOnly, baseUrl, all ?? await CheckRelations.LoadForAsync(store, c, context.RequestAborted)));
        return Results.Json(new { checks }, ApiJson.Options);
    }

    private static async IAsyncEnumerable<CheckJson> Matching(
        IAsyncEnumerable<Check> checks, Func<Check, bool> keep, Func<Check, Task<CheckJson>> toJson)
    {
        await foreach (var check in checks)
        {
            if (keep(check))
            {
                yield return await toJson(check);
            }
        }
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, IStore store, TimeProvider time)
    {
        var (check, error) = await CheckLookup.FindAsync(id, context, store);
        return check is null ? error! : await OkAsync(check, context, store, time);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var caller = context.Caller();
        var (spec, error) = await ReadSpecAsync(context.Request);
        if (spec is null)
        {
            return error!;
        }

        var links = await CheckLinks.ResolveAsync(spec, caller.ProjectId, store, context.RequestAborted);
        if (links.Error is not null)
        {
            return ApiErrors.BadRequest(links.Error);
        }

        if (spec.UniqueFilter is { } unique)
        {
            var existing = await store.StreamChecksAsync(caller.ProjectId, unique, context.RequestAborted)
                .FirstOrDefaultAsync(spec.MatchesUnique, context.RequestAborted);
            if (existing is not null)
            {
                var updated = await store.EditCheckAsync(caller.ProjectId, existing.Uuid,
                    c => new CheckEdit(links.Apply(spec.ApplyTo(c, creating: false))), context.RequestAborted);
                if (updated is null)
                {
                    return ApiErrors.NotFound();
                }

                await links.SaveAsync(updated.Id, store, context.RequestAborted);
                return await OkAsync(updated, context, store, time);
            }
        }

        var now = time.GetUtcNow();
        var check = links.Apply(spec.ApplyTo(new Check { Uuid = Guid.NewGuid(), ProjectId = caller.ProjectId, Created = now }, creating: true));
        check = await store.CreateCheckAsync(check, context.RequestAborted);
        await links.SaveAsync(check.Id, store, context.RequestAborted);
        return await OkAsync(check, context, store, time, StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(string id, HttpContext context, IStore store, TimeProvider time)
    {
        var (check, lookupError) = await CheckLookup.FindAsync(id, context, store);
        if (check is null)
        {
            return lookupError!;
        }

        var (spec, error) = await ReadSpecAsync(context.Request);
        if (spec is null)
        {
            return error!;
        }

        var links = await CheckLinks.ResolveAsync(spec, check.ProjectId, store, context.RequestAborted);
        if (links.Error is not null)
        {
            return ApiErrors.BadRequest(links.Error);
        }

        var updated = await store.EditCheckAsync(check.ProjectId, check.Uuid,
            c => new CheckEdit(links.Apply(spec.ApplyTo(c, creating: false))), context.RequestAborted);
        if (updated is null)
        {
            return ApiErrors.NotFound();
        }

        await links.SaveAsync(updated.Id, store, context.RequestAborted);
        return await OkAsync(updated, context, store, time);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IStore store, TimeProvider time)
    {
        var (check, error) = await CheckLookup.FindAsync(id, context, store);
        if (check is null)
        {
            return error!;
        }

        var answer = await OkAsync(check, context, store, time);
        return await store.DeleteCheckAsync(check.ProjectId, check.Uuid, context.RequestAborted) ? answer : ApiErrors.NotFound();
    }

    private static async Task<IResult> PauseAsync(string id, HttpContext context, IStore store, TimeProvider time)
    {
        var (check, error) = await CheckLookup.FindAsync(id, context, store);
        if (check is null)
        {
            return error!;
        }

        var now = time.GetUtcNow();
        var paused = await store.EditCheckAsync(check.ProjectId, check.Uuid, c =>
        {
            var (updated, flip) = CheckRules.Pause(c, now);
            return new CheckEdit(updated, flip);
        }, context.RequestAborted);
        return paused is null ? ApiErrors.NotFound() : await OkAsync(paused, context, store, time);
    }

    private static async Task<IResult> ResumeAsync(string id, HttpContext context, IStore store, TimeProvider time)
    {
        var (check, error) = await CheckLookup.FindAsync(id, context, store);
        if (check is null)
        {
            return error!;
        }

        var now = time.GetUtcNow();
        var wasPaused = false;
        var resumed = await store.EditCheckAsync(check.ProjectId, check.Uuid, c =>
        {
            if (CheckRules.Resume(c, now) is not { } change)
            {
                return CheckEdit.None;
            }

            wasPaused = true;
            return new CheckEdit(change.Check, change.Flip);
        }, context.RequestAborted);
        if (resumed is null)
        {
            return ApiErrors.NotFound();
        }

        return wasPaused ? await OkAsync(resumed, context, store, time) : ApiErrors.Conflict("check is not paused");
    }

    private static async Task<(CheckSpec? Spec, IResult? Error)> ReadSpecAsync(HttpRequest request)
    {
        var (body, bodyError, status) = await ApiBody.ReadAsync(request);
        if (body is not { } json)
        {
            return (null, ApiErrors.Error(status, bodyError!));
        }

        var spec = CheckSpec.Parse(json, out var error);
        return spec is null ? (null, ApiErrors.BadRequest(error!)) : (spec, null);
    }

    private static async Task<IResult> OkAsync(
        Check check, HttpContext context, IStore store, TimeProvider time, int status = StatusCodes.Status200OK)
    {
        var caller = context.Caller();
        var relations = await CheckRelations.LoadForAsync(store, check, context.RequestAborted);
        var json = CheckJson.From(check, time.GetUtcNow(), caller.ReadOnly, context.BaseUrl(), relations);
        return Results.Json(json, ApiJson.Options, statusCode: status);
    }
}
