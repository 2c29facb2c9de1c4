using BenchmarkDotNet.Attributes;
using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Bench;

/// <summary>
/// The pure rules the ping writer runs once per ping (<see cref="CheckRules.ApplyPing"/>) and the API and
/// dashboard run once per listed monitor (<see cref="CheckRules.StatusAt"/>).
/// </summary>
[MemoryDiagnoser]
public class CheckRulesBenchmarks
{
    // A fixed "now": nothing here depends on the clock.
    private static readonly DateTimeOffset Now = new(2025, 3, 30, 0, 30, 0, TimeSpan.Zero);

    private Check _check = null!;

    [Params("simple", "cron")]
    public string ScheduleKind { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        Schedule schedule = ScheduleKind == "cron"
            ? CronSchedule.Parse("*/15 * * * *", "Europe/Berlin")
            : new SimpleSchedule(TimeSpan.FromMinutes(15));
        _check = CheckRules.WithDeadline(new Check
        {
            Uuid = Guid.Parse("5f1c6a3e-8e2b-4c7d-9a0f-3b2e1d4c5a6b"),
            Schedule = schedule,
            Grace = TimeSpan.FromMinutes(5),
            Status = CheckStatus.Up,
            LastPing = Now.AddMinutes(-14),
            PingCount = 1000,
        });
    }

    [Benchmark]
    public PingOutcome ApplySuccessPing() =>
        CheckRules.ApplyPing(_check, PingKind.Success, "GET", rid: null, runStartedAt: Now.AddSeconds(-40), Now);

    [Benchmark]
    public PingOutcome ApplyStartPing() =>
        CheckRules.ApplyPing(_check, PingKind.Start, "POST", Guid.Empty, runStartedAt: null, Now);

    [Benchmark]
    public ComputedStatus StatusAt() => CheckRules.StatusAt(_check, Now);
}
