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
}
