using BenchmarkDotNet.Attributes;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Bench;

/// <summary>
/// <see cref="CronSchedule.NextAfter"/>: every cron ping recomputes the deadline with it, and status
/// evaluation calls it again. The second expression restricts both day fields, so it runs two Cronos
/// expressions (Vixie cron's "either day matches").
/// </summary>
[MemoryDiagnoser]
public class CronScheduleBenchmarks
{
    // Just before the spring-forward gap in Europe/Berlin, the expensive case for time-zone handling.
    private static readonly DateTimeOffset LastPing = new(2025, 3, 30, 0, 59, 30, TimeSpan.Zero);

    private CronSchedule _schedule = null!;

    [Params("*/15 * * * *", "30 2 1 * 1")]
    public string Expression { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _schedule = CronSchedule.Parse(Expression, "Europe/Berlin");

    [Benchmark]
    public DateTimeOffset NextAfter() => _schedule.NextAfter(LastPing);
}
