namespace Stockbeat.Core.Schedules;

/// <summary>A fixed period between pings (Healthchecks' "simple" kind with its <c>timeout</c>).</summary>
/// <param name="Period">How long after one ping the next one is due.</param>
public sealed record SimpleSchedule(TimeSpan Period) : Schedule
{
    /// <inheritdoc />
    public override DateTimeOffset NextAfter(DateTimeOffset lastPing) =>
        DateTimeOffset.MaxValue - lastPing < Period ? DateTimeOffset.MaxValue : lastPing + Period;

    /// <inheritdoc />
    public override TimeSpan? IntervalAt(DateTimeOffset now) => Period;
}
