using System.Globalization;
using Microsoft.AspNetCore.Http;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Runs;
using Stockbeat.Server.Api;
using Stockbeat.Server.Features.Checks;
using Stockbeat.Storage;

namespace Stockbeat.Server.Features.Runs;

/// <summary>A monitor's runs and the metric series their reports make: <c>/api/v3/checks/{id}/runs/</c>, <c>…/metrics/</c>.</summary>
internal static class RunEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static async Task<IResult> ListRunsAsync(string id, HttpContext context, IStore store)
    {
        var (runs, error) = await LoadRunsAsync(id, context, store);
        if (runs is null)
        {
            return error!;
        }

        // Run logs are job output and may hold secrets; read-only keys see the rest, as with ping bodies.
        var withLog = !context.Caller().ReadOnly;
        return Results.Json(new { runs = runs.Select(r => RunJsonView.From(r, withLog)) }, ApiJson.Options);
    }

    public static async Task<IResult> ListMetricsAsync(string id, HttpContext context, IStore store)
    {
        var (runs, error) = await LoadRunsAsync(id, context, store);
        if (runs is null)
        {
            return error!;
        }

        var name = context.Request.Query["name"].ToString();
        if (name.Length == 0)
        {
            var names = runs
                .Where(r => r.Report is not null)
                .SelectMany(r => r.Report!.Metrics.Select(m => (m.Key, Value: m.Value, r.FinishedAt)))
                .GroupBy(m => m.Key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new { name = g.Key, last = g.First().Value, at = ApiJson.Time(g.First().FinishedAt), points = g.Count() });
            return Results.Json(new { metrics = names }, ApiJson.Options);
        }

        // Oldest first, as a chart draws them.
        var points = runs
            .Where(r => r.Report?[name] is not null && r.FinishedAt is not null)
            .Reverse()
            .Select(r => new { run_id = r.Id, at = ApiJson.Time(r.FinishedAt), value = r.Report![name]!.Value });
        return Results.Json(new { name, points }, ApiJson.Options);
    }

    public static async Task<IResult> ListInsightsAsync(string id, HttpContext context, IStore store)
    {
        var (check, limit, _, error) = await LookupAsync(id, context, store);
        if (check is null)
        {
            return error!;
        }

        var insights = (await store.ListInsightsAsync(check.Id, limit, context.RequestAborted)).Select(i => new
        {
            kind = i.Kind,
            severity = i.Severity,
            message = i.Message,
            opened_at = ApiJson.Time(i.OpenedAt),
            cleared_at = ApiJson.Time(i.ClearedAt),
        });
        return Results.Json(new { insights }, ApiJson.Options);
    }

    // The page of runs the query asks for, or the answer that says why not.
    private static async Task<(IReadOnlyList<Run>? Runs, IResult? Error)> LoadRunsAsync(string id, HttpContext context, IStore store)
    {
        var (check, limit, before, error) = await LookupAsync(id, context, store);
        return check is null ? (null, error) : (await store.ListRunsAsync(check.Id, limit, before, context.RequestAborted), null);
    }

    // The monitor and the page (?limit=, ?before=) the request asks for, or the answer that says why not.
    private static async Task<(Check? Check, int Limit, long? Before, IResult? Error)> LookupAsync(string id, HttpContext context, IStore store)
    {
        var (check, error) = await CheckLookup.FindAsync(id, context, store);
        if (check is null)
        {
            return (null, 0, null, error);
        }

        var (limit, before, problem) = PageOf(context.Request.Query);
        return problem is not null ? (null, 0, null, ApiErrors.BadRequest(problem)) : (check, limit, before, null);
    }

    private static (int Limit, long? Before, string? Error) PageOf(IQueryCollection query)
    {
        var limit = DefaultLimit;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (0, null, $"limit must be a whole number from 1 to {MaxLimit}");
        }

        long? before = null;
        if (query["before"].ToString() is { Length: > 0 } beforeText)
        {
            if (!long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out var beforeId))
            {
                return (0, null, "before must be a run id");
            }

            before = beforeId;
        }

        return (limit, before, null);
    }
}

/// <summary>One run as the API shows it.</summary>
internal static class RunJsonView
{
    public static object From(Run run, bool withLog) => new
    {
        id = run.Id,
        rid = run.Rid?.ToString(),
        started_at = ApiJson.Time(run.StartedAt),
        finished_at = ApiJson.Time(run.FinishedAt),
        duration = run.Duration is { } d ? Math.Round(d.TotalSeconds, 3) : (double?)null,
        outcome = run.Outcome.ToWire(),
        exit_status = run.ExitStatus,
        reason = run.Reason,
        report = run.Report?.Metrics,
        log = withLog ? run.Log : null,
    };
}
