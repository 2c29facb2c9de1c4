using Stockbeat.Core.Checks;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Core.Incidents;

/// <summary>
/// Planned downtime, such as an ERP upgrade: either one-off (<see cref="Start"/> to <see cref="End"/>) or
/// recurring (a cron schedule in a time zone, each occurrence lasting <see cref="Duration"/>). It covers the
/// listed monitors and every monitor with one of the listed tags.
/// </summary>
public sealed record MaintenanceWindow(
    Guid Uuid,
    string Name,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    CronSchedule? Recurrence,
    TimeSpan? Duration,
    IReadOnlyList<Guid> Checks,
    IReadOnlyList<string> Tags)
{
    /// <summary>Whether the window covers <paramref name="check"/> at all.</summary>
    public bool Covers(Check check) =>
        Checks.Contains(check.Uuid) || check.TagList.Any(t => Tags.Contains(t));

    /// <summary>Whether the window is open at <paramref name="now"/>.</summary>
    public bool IsOpenAt(DateTimeOffset now)
    {
        if (Start is { } start && End is { } end)
        {
            return now >= start && now < end;
        }

        if (Recurrence is { } cron && Duration is { } duration)
        {
            // The latest occurrence at or before now is the one that may still be running: look back one
            // duration and ask for the first occurrence after that.
            var occurrence = cron.NextAfter(now - duration - TimeSpan.FromTicks(1));
            return occurrence <= now && now < occurrence + duration;
        }

        return false;
    }
}
