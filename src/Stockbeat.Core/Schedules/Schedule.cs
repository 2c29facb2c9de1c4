namespace Stockbeat.Core.Schedules;

/// <summary>When a monitored job is expected to ping next.</summary>
public abstract record Schedule
{
    /// <summary>The first moment after <paramref name="lastPing"/> at which the next ping is expected.</summary>
    /// <remarks>Returns <see cref="DateTimeOffset.MaxValue"/> when the schedule never fires again.</remarks>
    public abstract DateTimeOffset NextAfter(DateTimeOffset lastPing);

    /// <summary>
    /// The time between runs around <paramref name="now"/>: a simple schedule's period, or the gap between a cron
    /// schedule's next two occurrences. Null when the schedule does not fire twice more.
    /// </summary>
    public virtual TimeSpan? IntervalAt(DateTimeOffset now)
    {
        var first = NextAfter(now);
        if (first == DateTimeOffset.MaxValue)
        {
            return null;
        }

        var second = NextAfter(first);
        return second == DateTimeOffset.MaxValue || second <= first ? null : second - first;
    }
}
