using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Core.Platforms;
using Stockbeat.Server.Api;

namespace Stockbeat.Server.Features.Planning;

/// <summary>Capacity planning: <c>GET /api/v3/platforms/</c> and <c>POST /api/v3/plan</c>.</summary>
internal static class PlanEndpoints
{
    private const long MaxSkus = 1_000_000_000;

    public static IEndpointRouteBuilder MapPlanning(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v3").AddEndpointFilter(ApiAuth.Require(write: false));
        group.MapGet("/platforms", () => Results.Json(new
        {
            platforms = PlatformProfile.BuiltIn.Select(p => new
            {
                id = p.Id,
                name = p.Name,
                calls_per_day = p.CallsPerDay,
                items_per_call = p.ItemsPerCall,
                processing_delay = (long)p.ProcessingDelay.TotalSeconds,
                note = p.Note,
            }),
        }, ApiJson.Options));
        group.MapPost("/plan", (Delegate)PlanAsync);
        return routes;
    }

    private static async Task<IResult> PlanAsync(HttpContext context)
    {
        var (body, bodyError, status) = await ApiBody.ReadAsync(context.Request);
        if (body is not { ValueKind: JsonValueKind.Object } json)
        {
            return ApiErrors.Error(body is null ? status : 400, bodyError ?? "json validation error: value is not an object");
        }

        var platformId = json.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
        PlatformProfile? platform;
        if (platformId == "custom")
        {
            if (!Positive(json, "rate_per_minute", 1_000_000, out var rate) || !Positive(json, "batch_size", 1_000_000, out var batch))
            {
                return ApiErrors.BadRequest("json validation error: a custom platform needs rate_per_minute and batch_size (positive numbers)");
            }

            platform = PlatformProfile.Custom(rate, (int)batch);
        }
        else if ((platform = PlatformProfile.Find(platformId)) is null)
        {
            return ApiErrors.BadRequest(
                $"json validation error: platform must be one of {string.Join(", ", PlatformProfile.BuiltIn.Select(x => x.Id))}, custom");
        }

        if (!json.TryGetProperty("skus", out var s) || !s.TryWhole(out var skus) || skus is < 0 or > MaxSkus)
        {
            return ApiErrors.BadRequest($"json validation error: skus must be a whole number from 0 to {MaxSkus}");
        }

        if (!json.TryGetProperty("every", out var e) || !e.TryWhole(out var every) || every is < 60 or > 31_536_000)
        {
            return ApiErrors.BadRequest("json validation error: every must be a number of seconds from 60 to 31536000");
        }

        var plan = CapacityPlanner.Plan(platform, skus, TimeSpan.FromSeconds(every));
        return Results.Json(new
        {
            platform = platform.Id,
            calls_per_run = plan.CallsPerRun,
            calls_per_day = Math.Ceiling(plan.CallsPerDay),
            budget_per_day = plan.BudgetPerDay,
            min_duration = Math.Round(plan.MinDuration.TotalSeconds, 1),
            fits = plan.Fits,
            message = plan.Message,
        }, ApiJson.Options);
    }

    private static bool Positive(JsonElement json, string name, double max, out double value)
    {
        value = 0;
        return json.TryGetProperty(name, out var v) && v.TryNumber(out value) && value > 0 && value <= max;
    }
}
