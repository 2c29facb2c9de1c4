using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Incidents;
using Stockbeat.Core.Schedules;
using Stockbeat.Server.Api;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Maintenance;

/// <summary>
/// <c>/api/v3/maintenance</c>: planned downtime. One-off (<c>start</c>, <c>end</c> as ISO 8601) or recurring
/// (<c>schedule</c> cron, <c>tz</c>, <c>duration</c> seconds), for monitors (<c>checks</c>) and tags (<c>tags</c>).
/// </summary>
internal static class MaintenanceEndpoints
{
    public static IEndpointRouteBuilder MapMaintenance(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v3/maintenance").AddEndpointFilter(ApiAuth.Require(write: false)).MapGet("/", ListAsync);
        var write = routes.MapGroup("/api/v3/maintenance").AddEndpointFilter(ApiAuth.Require(write: true));
        write.MapPost("/", CreateAsync);
        write.MapDelete("/{id}", DeleteAsync);
        return routes;
    }

    private static object ToJson(MaintenanceWindow window, DateTimeOffset now, bool readOnly) => new
    {
        id = window.Uuid.ToString(),
        name = window.Name,
        start = ApiJson.Time(window.Start),
        end = ApiJson.Time(window.End),
        schedule = window.Recurrence?.Expression,
        tz = window.Recurrence?.TimeZone,
        duration = window.Duration is { } d ? (long?)d.TotalSeconds : null,
        // Read-only callers see unique keys: a monitor's uuid is its ping capability.
        checks = window.Checks.Select(c => readOnly ? UniqueKeys.Of(c) : c.ToString()),
        tags = string.Join(' ', window.Tags),
        active = window.IsOpenAt(now),
    };

    private static async Task<IResult> ListAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var windows = await store.ListMaintenanceAsync(context.Caller().ProjectId, context.RequestAborted);
        var now = time.GetUtcNow();
        return Results.Json(new { maintenance = windows.Select(w => ToJson(w.Window, now, context.Caller().ReadOnly)) }, ApiJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IStore store, TimeProvider time)
    {
        var (body, bodyError, status) = await ApiBody.ReadAsync(context.Request);
        if (body is not { } json)
        {
            return ApiErrors.Error(status, bodyError!);
        }

        var checks = await KnownChecksAsync(json, context.Caller().ProjectId, store, context.RequestAborted);
        if (Parse(json, checks, out var error) is not { } window)
        {
            return ApiErrors.BadRequest($"json validation error: {error}");
        }

        var now = time.GetUtcNow();
        await store.CreateMaintenanceAsync(context.Caller().ProjectId, window, now, context.RequestAborted);
        return Results.Json(ToJson(window, now, readOnly: false), ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IStore store) =>
        Guid.TryParse(id, out var uuid) && await store.DeleteMaintenanceAsync(context.Caller().ProjectId, uuid, context.RequestAborted)
            ? Results.NoContent()
            : ApiErrors.NotFound();

    /// <summary>Which of the monitors a window's JSON names are the project's, read for those alone.</summary>
    internal static async Task<HashSet<Guid>> KnownChecksAsync(JsonElement json, long projectId, IStore store, CancellationToken ct)
    {
        var named = json.ValueKind == JsonValueKind.Object
            && json.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Array
                ? checks.EnumerateArray()
                    .Select(c => c.ValueKind == JsonValueKind.String && Guid.TryParse(c.GetString(), out var uuid) ? uuid : Guid.Empty)
                    .Where(u => u != Guid.Empty)
                    .ToHashSet()
                : [];
        return [.. (await store.FindCheckIdsAsync(projectId, named, ct)).Keys];
    }

    internal static MaintenanceWindow? Parse(JsonElement json, HashSet<Guid> projectChecks, out string? error)
    {
        error = null;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "value is not an object";
            return null;
        }

        var name = Text(json, "name") ?? "";
        if (name.Length > 100)
        {
            error = "name is too long";
            return null;
        }

        var checks = new List<Guid>();
        if (json.TryGetProperty("checks", out var checksJson))
        {
            foreach (var item in checksJson.ValueKind == JsonValueKind.Array ? checksJson.EnumerateArray() : default)
            {
                if (item.ValueKind != JsonValueKind.String || !Guid.TryParse(item.GetString(), out var uuid) || !projectChecks.Contains(uuid))
                {
                    error = $"checks has an unknown check: {item}";
                    return null;
                }

                checks.Add(uuid);
            }
        }

        var tags = (Text(json, "tags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (checks.Count == 0 && tags.Length == 0)
        {
            error = "a window must name checks or tags";
            return null;
        }

        var start = Text(json, "start");
        var end = Text(json, "end");
        var schedule = Text(json, "schedule");
        if (start is not null || end is not null)
        {
            if (!TryTime(start, out var from) || !TryTime(end, out var until) || until <= from)
            {
                error = "start and end must be ISO 8601 times with end after start";
                return null;
            }

            return new MaintenanceWindow(Guid.NewGuid(), name, from, until, null, null, checks, tags);
        }

        if (schedule is null)
        {
            error = "give start and end, or schedule, tz and duration";
            return null;
        }

        if (!CronSchedule.TryParse(schedule, Text(json, "tz") ?? "UTC", out var cron, out var part))
        {
            error = part == "tz" ? "tz is not a valid timezone" : "schedule is not a valid cron expression";
            return null;
        }

        if (!cron.EverFires)
        {
            error = "schedule never fires: no date matches it";
            return null;
        }

        if (!json.TryGetProperty("duration", out var d) || !d.TryWhole(out var seconds) || seconds is < 60 or > 604_800)
        {
            error = "duration must be a number of seconds from 60 to 604800";
            return null;
        }

        return new MaintenanceWindow(Guid.NewGuid(), name, null, null, cron, TimeSpan.FromSeconds(seconds), checks, tags);
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryTime(string? text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at);
}
