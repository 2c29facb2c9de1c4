using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Core.Tests;

public sealed partial class CheckRulesTests
{
    // ---- NextExpected ----

    [Fact]
    public void NextExpected_ReturnsNull_WhenMonitorWasNeverPinged()
    {
        Assert.Null(CheckRules.NextExpected(Monitor()));
    }

    [Fact]
    public void NextExpected_AddsPeriodToLastPing_WhenScheduleIsSimple()
    {
        var check = Monitor(CheckStatus.Up) with { LastPing = T0 };

        Assert.Equal(T0 + Period, CheckRules.NextExpected(check));
    }

    [Fact]
    public void NextExpected_ReturnsNextCronRunStrictlyAfterLastPing_WhenScheduleIsCron()
    {
        var check = Monitor(CheckStatus.Up) with { Schedule = CronSchedule.Parse("0 12 * * *", "UTC"), LastPing = T0 };

        Assert.Equal(T0.AddDays(1), CheckRules.NextExpected(check));
    }

    // ---- DeadlineOf ----

    [Theory]
    // Status, last ping, run start, max runtime (null = grace), expected deadline; times in minutes after T0.
    // Nothing pending.
    [InlineData(CheckStatus.New, null, null, null, null)]
    [InlineData(CheckStatus.Paused, -60, null, null, null)]
    [InlineData(CheckStatus.Down, -60, null, null, null)]
    // Up: the grace end of the next expected ping.
    [InlineData(CheckStatus.Up, 0, null, null, 1500)]
    [InlineData(CheckStatus.Up, -60, null, null, 1440)]
    // An open run must finish within its max runtime, even on a new or paused monitor.
    [InlineData(CheckStatus.New, null, 0, null, 60)]
    [InlineData(CheckStatus.New, null, 0, 10, 10)]
    [InlineData(CheckStatus.Paused, -60, 0, null, 60)]
    [InlineData(CheckStatus.Paused, -60, 0, 180, 180)]
    // Up with an open run: whichever comes first.
    [InlineData(CheckStatus.Up, 0, 120, null, 180)]
    [InlineData(CheckStatus.Up, 0, 1470, null, 1500)]
    [InlineData(CheckStatus.Up, 0, 1440, null, 1500)]
    [InlineData(CheckStatus.Up, 0, 60, 2880, 1500)]
    [InlineData(CheckStatus.Up, 0, 60, 10, 70)]
    // Down: nothing more can happen, open run or not.
    [InlineData(CheckStatus.Down, 0, 10, null, null)]
    public void DeadlineOf_ReturnsEarliestPendingLimit(
        CheckStatus status, int? lastPing, int? lastStart, int? maxRuntime, int? expected)
    {
        var check = Monitor(status) with
        {
            LastPing = Minutes(lastPing),
            LastStart = Minutes(lastStart),
            MaxRuntime = maxRuntime is { } m ? TimeSpan.FromMinutes(m) : null,
        };

        var deadline = CheckRules.DeadlineOf(check);

        Assert.Equal(Minutes(expected), deadline);
    }

    [Fact]
    public void DeadlineOf_SaturatesAtMaxValue_WhenGraceEndWouldOverflow()
    {
        var check = Monitor(CheckStatus.Up) with { LastPing = DateTimeOffset.MaxValue - TimeSpan.FromDays(1).Add(TimeSpan.FromMinutes(30)) };

        var deadline = CheckRules.DeadlineOf(check);

        Assert.Equal(DateTimeOffset.MaxValue, deadline);
    }

    [Fact]
    public void DeadlineOf_SaturatesAtMaxValue_WhenRunLimitWouldOverflow()
    {
        var check = Monitor() with { LastStart = DateTimeOffset.MaxValue - TimeSpan.FromMinutes(1) };

        var deadline = CheckRules.DeadlineOf(check);

        Assert.Equal(DateTimeOffset.MaxValue, deadline);
    }

    [Fact]
    public void DeadlineOf_SaturatesAtMaxValue_WhenCronNeverRunsAgain()
    {
        var check = Monitor(CheckStatus.Up) with { Schedule = CronSchedule.Parse("0 0 30 2 *", "UTC") };

        var deadline = CheckRules.DeadlineOf(check);

        Assert.Equal(DateTimeOffset.MaxValue, deadline);
    }

    [Fact]
    public void WithDeadline_StoresDeadlineOf()
    {
        var check = Monitor(CheckStatus.Up) with { LastPing = T0, Deadline = null };

        var stored = CheckRules.WithDeadline(check);

        Assert.Equal(check with { Deadline = T0 + Period + Grace }, stored);
    }

    // ---- StatusAt ----

    [Theory]
    // Seconds after the last ping (period one day, grace one hour).
    [InlineData(0, ComputedStatus.Up)]
    [InlineData(3_600, ComputedStatus.Up)]
    [InlineData(86_399, ComputedStatus.Up)]
    // From the next expected ping until its grace end.
    [InlineData(86_400, ComputedStatus.Grace)]
    [InlineData(88_200, ComputedStatus.Grace)]
    [InlineData(89_999, ComputedStatus.Grace)]
    // From the grace end on.
    [InlineData(90_000, ComputedStatus.Down)]
    [InlineData(864_000, ComputedStatus.Down)]
    public void StatusAt_FollowsTheSchedule_WhenMonitorIsUp(int secondsAfterPing, ComputedStatus expected)
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastPing = T0 });

        var status = CheckRules.StatusAt(check, T0.AddSeconds(secondsAfterPing));

        Assert.Equal(expected, status);
    }

    [Fact]
    public void StatusAt_SwitchesOnTheExactTick_AtNextExpectedAndGraceEnd()
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastPing = T0 });
        var oneTick = TimeSpan.FromTicks(1);

        Assert.Equal(ComputedStatus.Up, CheckRules.StatusAt(check, T0 + Period - oneTick));
        Assert.Equal(ComputedStatus.Grace, CheckRules.StatusAt(check, T0 + Period));
        Assert.Equal(ComputedStatus.Grace, CheckRules.StatusAt(check, T0 + Period + Grace - oneTick));
        Assert.Equal(ComputedStatus.Down, CheckRules.StatusAt(check, T0 + Period + Grace));
    }

    [Theory]
    // Stored statuses other than up are shown as they are, however late it is.
    [InlineData(CheckStatus.New, ComputedStatus.New)]
    [InlineData(CheckStatus.Paused, ComputedStatus.Paused)]
    [InlineData(CheckStatus.Down, ComputedStatus.Down)]
    public void StatusAt_ReturnsStoredStatus_WhenMonitorIsNotUp(CheckStatus stored, ComputedStatus expected)
    {
        var check = Monitor(stored);

        Assert.Equal(expected, CheckRules.StatusAt(check, T0));
        Assert.Equal(expected, CheckRules.StatusAt(check, T0.AddDays(365)));
    }

    [Theory]
    [InlineData(CheckStatus.New, ComputedStatus.New)]
    [InlineData(CheckStatus.Up, ComputedStatus.Up)]
    [InlineData(CheckStatus.Paused, ComputedStatus.Paused)]
    public void StatusAt_ReturnsDown_WhenOpenRunExceedsGrace(CheckStatus stored, ComputedStatus beforeLimit)
    {
        var check = Stored(Monitor(stored) with { LastStart = T0 });

        Assert.Equal(beforeLimit, CheckRules.StatusAt(check, T0 + Grace - TimeSpan.FromTicks(1)));
        Assert.Equal(ComputedStatus.Down, CheckRules.StatusAt(check, T0 + Grace));
        Assert.Equal(ComputedStatus.Down, CheckRules.StatusAt(check, T0.AddDays(3)));
    }

    [Theory]
    // Max runtime, minutes since the start, expected status of an up monitor.
    [InlineData(10, 9, ComputedStatus.Up)]
    [InlineData(10, 10, ComputedStatus.Down)]
    [InlineData(180, 60, ComputedStatus.Up)]
    [InlineData(180, 179, ComputedStatus.Up)]
    [InlineData(180, 180, ComputedStatus.Down)]
    public void StatusAt_UsesMaxRuntime_WhenItIsSet(int maxRuntimeMinutes, int minutesSinceStart, ComputedStatus expected)
    {
        var check = Stored(Monitor(CheckStatus.Up) with
        {
            LastStart = T0,
            MaxRuntime = TimeSpan.FromMinutes(maxRuntimeMinutes),
        });

        var status = CheckRules.StatusAt(check, T0.AddMinutes(minutesSinceStart));

        Assert.Equal(expected, status);
    }

    [Theory]
    // Minutes since the last ping when the run started, expected status 10 minutes into the run (limit 3 h).
    [InlineData(1_420, ComputedStatus.Up)]
    [InlineData(1_450, ComputedStatus.Grace)]
    [InlineData(1_500, ComputedStatus.Down)]
    public void StatusAt_StillFollowsTheSchedule_WhileRunIsWithinItsLimit(int startMinutesAfterPing, ComputedStatus expected)
    {
        var startedAt = T0.AddMinutes(startMinutesAfterPing);
        var check = Stored(Monitor(CheckStatus.Up) with
        {
            LastPing = T0,
            LastStart = startedAt,
            MaxRuntime = TimeSpan.FromHours(3),
        });

        var status = CheckRules.StatusAt(check, startedAt.AddMinutes(10));

        Assert.Equal(expected, status);
    }

    // ---- Overdue ----

    [Theory]
    // Run start (null = no run) and the sweep time, in minutes after the last ping at T0.
    [InlineData(null, 0)]
    [InlineData(null, 1_499)]
    [InlineData(120, 179)]
    [InlineData(1_490, 1_499)]
    public void Overdue_ReturnsNull_BeforeTheDeadline(int? lastStart, int now)
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastPing = T0, LastStart = Minutes(lastStart) });

        Assert.Null(CheckRules.Overdue(check, T0.AddMinutes(now)));
    }

    [Fact]
    public void Overdue_ReturnsNull_OneTickBeforeTheDeadline()
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastPing = T0 });

        Assert.Null(CheckRules.Overdue(check, T0 + Period + Grace - TimeSpan.FromTicks(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(600)]
    [InlineData(100_000)]
    public void Overdue_ReturnsMissedAtTheDeadline_HoweverLateTheSweepRuns(int minutesLate)
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastPing = T0 });
        var deadline = T0 + Period + Grace;

        var flip = CheckRules.Overdue(check, deadline.AddMinutes(minutesLate));

        Assert.Equal(new Flip(CheckStatus.Up, CheckStatus.Down, deadline, FlipReason.Missed), flip);
        Assert.Equal(check.Deadline, flip?.At);
        Assert.True(flip?.IsAlert);
    }

    [Theory]
    // Run start, sweep time, expected reason, expected flip time; minutes after the last ping at T0.
    // The run timed out; the grace end is still ahead.
    [InlineData(120, 180, FlipReason.Timeout, 180)]
    [InlineData(120, 300, FlipReason.Timeout, 180)]
    // Both passed: the earlier one is what happened (a tie counts as the timeout).
    [InlineData(1_380, 1_560, FlipReason.Timeout, 1_440)]
    [InlineData(1_440, 1_560, FlipReason.Timeout, 1_500)]
    [InlineData(1_470, 1_560, FlipReason.Missed, 1_500)]
    // The grace end passed while the run is still within its limit.
    [InlineData(1_490, 1_510, FlipReason.Missed, 1_500)]
    public void Overdue_ReportsWhicheverLimitPassedFirst(int lastStart, int now, FlipReason reason, int at)
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastPing = T0, LastStart = Minutes(lastStart) });

        var flip = CheckRules.Overdue(check, T0.AddMinutes(now));

        var detail = reason == FlipReason.Timeout ? "a run did not finish within 1 h" : null;
        Assert.Equal(new Flip(CheckStatus.Up, CheckStatus.Down, T0.AddMinutes(at), reason, detail), flip);
        Assert.Equal(check.Deadline, flip?.At);
    }

    [Theory]
    [InlineData(CheckStatus.New)]
    [InlineData(CheckStatus.Paused)]
    public void Overdue_ReturnsTimeout_WhenRunOfNewOrPausedMonitorExceedsItsLimit(CheckStatus status)
    {
        var check = Stored(Monitor(status) with { LastStart = T0, MaxRuntime = TimeSpan.FromMinutes(10) });

        var flip = CheckRules.Overdue(check, T0.AddHours(2));

        Assert.Equal(new Flip(status, CheckStatus.Down, T0.AddMinutes(10), FlipReason.Timeout, "a run did not finish within 10 min"), flip);
        Assert.True(flip?.IsAlert);
    }

    [Theory]
    [InlineData(CheckStatus.New)]
    [InlineData(CheckStatus.Paused)]
    public void Overdue_ReturnsNull_WhenNewOrPausedMonitorHasNoOpenRun(CheckStatus status)
    {
        var check = Monitor(status);

        Assert.Null(CheckRules.Overdue(check, T0.AddDays(365)));
    }

    [Fact]
    public void Overdue_ReturnsNull_WhenMonitorIsAlreadyDown()
    {
        var check = Monitor(CheckStatus.Down) with { LastPing = T0.AddDays(-10), LastStart = T0.AddDays(-9) };

        Assert.Null(CheckRules.Overdue(check, T0));
    }

    [Fact]
    public void ApplyFlip_LeavesMonitorDownWithoutDeadline_SoItFlipsOnce()
    {
        var check = Stored(Monitor(CheckStatus.Up) with { LastPing = T0 });
        var sweptAt = T0 + Period + Grace;
        var flip = CheckRules.Overdue(check, sweptAt);
        Assert.NotNull(flip);

        var down = CheckRules.ApplyFlip(check, flip);

        Assert.Equal(CheckStatus.Down, down.Status);
        Assert.Null(down.Deadline);
        Assert.Equal(ComputedStatus.Down, CheckRules.StatusAt(down, sweptAt));
        Assert.Null(CheckRules.Overdue(down, sweptAt.AddDays(1)));
    }

    // ---- cron schedules across daylight saving ----

    [Fact]
    public void ApplyPing_ExpectsRunRightAfterTheGap_WhenCronRunFallsIntoSpringForward()
    {
        // 30 2 * * * in Berlin; 2026-03-29 skips 02:00-03:00, so Sunday's run is at 03:00 CEST = 01:00Z.
        var check = Stored(Monitor() with { Schedule = CronSchedule.Parse("30 2 * * *", "Europe/Berlin") });
        var saturdayRun = At("2026-03-28T01:30:00Z");

        var outcome = CheckRules.ApplyPing(check, PingKind.Success, "GET", null, null, saturdayRun);

        Assert.Equal(At("2026-03-29T01:00:00Z"), CheckRules.NextExpected(outcome.Check));
        Assert.Equal(At("2026-03-29T02:00:00Z"), outcome.Check.Deadline);
    }

    [Theory]
    [InlineData("2026-03-28T01:30:00Z", ComputedStatus.Up)]
    [InlineData("2026-03-29T00:59:59Z", ComputedStatus.Up)]
    [InlineData("2026-03-29T01:00:00Z", ComputedStatus.Grace)]
    [InlineData("2026-03-29T01:59:59Z", ComputedStatus.Grace)]
    [InlineData("2026-03-29T02:00:00Z", ComputedStatus.Down)]
    public void StatusAt_FollowsCronRunsAcrossSpringForward(string now, ComputedStatus expected)
    {
        var check = Stored(Monitor(CheckStatus.Up) with
        {
            Schedule = CronSchedule.Parse("30 2 * * *", "Europe/Berlin"),
            LastPing = At("2026-03-28T01:30:00Z"),
        });

        Assert.Equal(expected, CheckRules.StatusAt(check, At(now)));
    }

    [Theory]
    [InlineData("2026-03-29T01:59:59Z", false)]
    [InlineData("2026-03-29T02:00:00Z", true)]
    [InlineData("2026-03-29T05:00:00Z", true)]
    public void Overdue_FlipsAtGraceEndOfShiftedCronRun_WhenSpringForwardSkipsIt(string now, bool overdue)
    {
        var check = Stored(Monitor(CheckStatus.Up) with
        {
            Schedule = CronSchedule.Parse("30 2 * * *", "Europe/Berlin"),
            LastPing = At("2026-03-28T01:30:00Z"),
        });

        var flip = CheckRules.Overdue(check, At(now));

        Assert.Equal(
            overdue ? new Flip(CheckStatus.Up, CheckStatus.Down, At("2026-03-29T02:00:00Z"), FlipReason.Missed) : null,
            flip);
    }

    [Theory]
    // Pinged at the first 02:30 (CEST); the repeated 02:30 (CET, 01:30Z) is no run, so nothing is late.
    [InlineData("2026-10-25T01:30:00Z", ComputedStatus.Up)]
    [InlineData("2026-10-25T02:30:00Z", ComputedStatus.Up)]
    [InlineData("2026-10-26T01:30:00Z", ComputedStatus.Grace)]
    [InlineData("2026-10-26T02:30:00Z", ComputedStatus.Down)]
    public void StatusAt_ExpectsOneRun_WhenAutumnRepeatsTheCronTime(string now, ComputedStatus expected)
    {
        var check = Stored(Monitor(CheckStatus.Up) with
        {
            Schedule = CronSchedule.Parse("30 2 * * *", "Europe/Berlin"),
            LastPing = At("2026-10-25T00:30:00Z"),
        });

        Assert.Equal(expected, CheckRules.StatusAt(check, At(now)));
    }
}
