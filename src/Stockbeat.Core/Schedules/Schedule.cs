namespace Stockbeat.Core.Schedules;

/// <summary>When a monitored job is expected to ping next.</summary>
public abstract record Schedule
{
    /// <summary>The first moment after <paramref name="lastPing"/> at which the next ping is expected.</summary>
    /// <remarks>Returns <see cref="DateTimeOffset.MaxValue"/> when the schedule never fires again.</remarks>
    public abstract DateTimeOffset NextAfter(DateTimeOffset lastPing);
}
