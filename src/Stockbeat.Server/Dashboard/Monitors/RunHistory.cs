using System.Text.Json;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Storage;

namespace Stockbeat.Server.Dashboard.Monitors;

/// <summary>One finished run: when it finished, how long it took (when a start was paired with it), whether it failed.</summary>
internal sealed record RunPoint(DateTimeOffset At, TimeSpan? Duration, bool Failed);

/// <summary>
/// Where the dashboard gets run durations from. Today that is the ping history: a finish ping paired with its start
/// carries the run's duration. The one place to change when runs become first-class records.
/// </summary>
internal sealed class RunHistory(IStore store)
{
    /// <summary>Up to <paramref name="limit"/> of the latest finished runs, oldest first.</summary>
    public async Task<IReadOnlyList<RunPoint>> RecentAsync(Check check, int limit, CancellationToken ct)
    {
        // Starts and log lines share the ping history, so read more pings than the runs wanted.
        var pings = await store.ListPingsAsync(check.Id, limit * 3, ct);
        return [.. pings
            .Where(p => p.Kind.IsFinish())
            .Take(limit)
            .Reverse()
            .Select(p => new RunPoint(p.Created, p.Duration, p.Kind == PingKind.Fail))];
    }

    /// <summary>
    /// The numbers of the latest run report (a finish ping with a flat JSON object body, such as
    /// <c>{"total":12000,"errors":60}</c>) among the last <paramref name="pings"/> pings, or null.
    /// </summary>
    public async Task<RunReport?> LastReportAsync(Check check, int pings, CancellationToken ct)
    {
        foreach (var ping in await store.ListPingsAsync(check.Id, pings, ct))
        {
            if (!ping.Kind.IsFinish() || ping.BodySize == 0 || await store.GetPingBodyAsync(check.Id, ping.N, ct) is not { } body)
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var numbers = json.RootElement.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.Number)
                    .Select(p => (p.Name, p.Value.GetDouble()))
                    .ToList();
                if (numbers.Count > 0)
                {
                    return new RunReport(ping.Created, numbers);
                }
            }
            catch (JsonException)
            {
                // A text body (a log tail) is not a report; look further back.
            }
        }

        return null;
    }
}

/// <summary>The numeric fields a run reported, in the order it sent them.</summary>
internal sealed record RunReport(DateTimeOffset At, IReadOnlyList<(string Name, double Value)> Numbers)
{
    /// <summary>A named value, or null.</summary>
    public double? this[string name] => Numbers.Where(n => n.Name == name).Select(n => (double?)n.Value).FirstOrDefault();
}
