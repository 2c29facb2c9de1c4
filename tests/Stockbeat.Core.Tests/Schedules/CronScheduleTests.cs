using System.Globalization;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Core.Tests;

public sealed class CronScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    // ---- TryParse / Parse ----

    [Theory]
    [InlineData("0 0 29 2 *", true)]
    [InlineData("0 0 31 12 *", true)]
    // Day of month or day of week, as in cron: any Monday.
    [InlineData("0 0 30 2 MON", true)]
    [InlineData("0 0 30 2 *", false)]
    [InlineData("0 0 31 4 *", false)]
    [InlineData("0 0 31 2,4,6,9,11 *", false)]
    public void EverFires_IsFalse_OnlyWhenNoDateMatches(string expression, bool fires)
    {
        Assert.Equal(fires, CronSchedule.Parse(expression, "UTC").EverFires);
    }

    [Theory]
    // Plain fields, lists, ranges, steps, names.
    [InlineData("* * * * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 * * *")]
    [InlineData("30 2 * * *")]
    [InlineData("0 9 * * 1-5")]
    [InlineData("0 9 * * MON-FRI")]
    [InlineData("0 9 * * mon,wed,fri")]
    [InlineData("0 0 1 JAN *")]
    [InlineData("0 0 1,15 * *")]
    [InlineData("15,45 8-18/2 * * *")]
    [InlineData("0 0 * * 0")]
    [InlineData("0 0 * * 7")]
    [InlineData("59 23 31 12 *")]
    // Healthchecks' cronsim extensions.
    [InlineData("0 0 L * *")]
    [InlineData("0 0 LW * *")]
    [InlineData("0 0 * * 5L")]
    [InlineData("0 0 * * 5#3")]
    // Whitespace between and around fields is not significant.
    [InlineData("0  0 * * *")]
    [InlineData("  0 0 * * *  ")]
    [InlineData("0\t0\t*\t*\t*")]
    public void TryParse_ReturnsSchedule_WhenExpressionIsValid(string expression)
    {
        var ok = CronSchedule.TryParse(expression, "UTC", out var schedule, out var error);

        Assert.True(ok);
        Assert.NotNull(schedule);
        Assert.Null(error);
        Assert.Equal(expression, schedule.Expression);
        Assert.Equal("UTC", schedule.TimeZone);
    }

    [Theory]
    // Empty.
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\t\n")]
    // Wrong number of fields: five is the contract, a seconds column (six) is not accepted.
    [InlineData("*")]
    [InlineData("* * * *")]
    [InlineData("* * * * * *")]
    [InlineData("0 0 0 * * *")]
    [InlineData("0 0 * * * 2026")]
    [InlineData("* * * * * * *")]
    [InlineData("@daily")]
    // Garbage.
    [InlineData("garbage")]
    [InlineData("every day at noon")]
    [InlineData("a b c d e")]
    [InlineData("0 0 * * FUNDAY")]
    [InlineData("1.5 * * * *")]
    [InlineData("-1 * * * *")]
    [InlineData("*/0 * * * *")]
    [InlineData("0,,5 * * * *")]
    // Out-of-range values.
    [InlineData("60 * * * *")]
    [InlineData("* 24 * * *")]
    [InlineData("* * 0 * *")]
    [InlineData("* * 32 * *")]
    [InlineData("* * * 0 *")]
    [InlineData("* * * 13 *")]
    [InlineData("* * * * 8")]
    public void TryParse_ReturnsScheduleError_WhenExpressionIsInvalid(string expression)
    {
        var ok = CronSchedule.TryParse(expression, "UTC", out var schedule, out var error);

        Assert.False(ok);
        Assert.Null(schedule);
        Assert.Equal("schedule", error);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Pacific/Chatham")]
    public void TryParse_ReturnsSchedule_WhenZoneIsAnIanaId(string timeZone)
    {
        var ok = CronSchedule.TryParse("0 9 * * *", timeZone, out var schedule, out var error);

        Assert.True(ok);
        Assert.NotNull(schedule);
        Assert.Null(error);
        Assert.Equal(timeZone, schedule.TimeZone);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/Berln")]
    [InlineData("Europe")]
    [InlineData("Europe/")]
    [InlineData("/Europe/Berlin")]
    [InlineData("Europe/Berlin ")]
    [InlineData("+01:00")]
    [InlineData("UTC+1")]
    [InlineData("Local")]
    [InlineData("zone.tab")]
    [InlineData("../zoneinfo/UTC")]
    [InlineData("/etc/passwd")]
    [InlineData("Europe/Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void TryParse_ReturnsTzError_WhenZoneIsUnknown(string timeZone)
    {
        var ok = CronSchedule.TryParse("0 9 * * *", timeZone, out var schedule, out var error);

        Assert.False(ok);
        Assert.Null(schedule);
        Assert.Equal("tz", error);
    }

    [Theory]
    // Healthchecks checks tz against zoneinfo.available_timezones(): exact IANA names only. .NET on Linux
    // also resolves Windows ids (through ICU) and ignores case; stored, such a zone would be echoed back by
    // the API and would fail to resolve on a host without ICU.
    [InlineData("W. Europe Standard Time")]
    [InlineData("Pacific Standard Time")]
    [InlineData("europe/berlin")]
    [InlineData("EUROPE/BERLIN")]
    [InlineData("utc")]
    public void TryParse_ReturnsTzError_WhenZoneIsNotAnExactIanaId(string timeZone)
    {
        var ok = CronSchedule.TryParse("0 9 * * *", timeZone, out var schedule, out var error);

        Assert.False(ok);
        Assert.Null(schedule);
        Assert.Equal("tz", error);
    }

    [Fact]
    public void TryParse_ReportsSchedule_WhenExpressionAndZoneAreBothInvalid()
    {
        var ok = CronSchedule.TryParse("garbage", "Mars/Olympus_Mons", out _, out var error);

        Assert.False(ok);
        Assert.Equal("schedule", error);
    }

    [Fact]
    public void Parse_ReturnsSchedule_WhenBothPartsAreValid()
    {
        var schedule = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");

        Assert.Equal("30 2 * * *", schedule.Expression);
        Assert.Equal("Europe/Berlin", schedule.TimeZone);
    }

    [Theory]
    [InlineData("* * * * * *", "UTC")]
    [InlineData("garbage", "UTC")]
    [InlineData("0 9 * * *", "Mars/Olympus_Mons")]
    [InlineData("0 9 * * *", "")]
    public void Parse_ThrowsFormatException_WhenAPartIsInvalid(string expression, string timeZone)
    {
        Assert.Throws<FormatException>(() => CronSchedule.Parse(expression, timeZone));
    }

    [Fact]
    public void Equals_ComparesExpressionAndZone()
    {
        var a = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");
        var same = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");
        var otherExpression = CronSchedule.Parse("30 3 * * *", "Europe/Berlin");
        var otherZone = CronSchedule.Parse("30 2 * * *", "UTC");

        Assert.Equal(a, same);
        Assert.Equal(a.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(a, otherExpression);
        Assert.NotEqual(a, otherZone);
        Assert.NotEqual<Schedule>(a, new SimpleSchedule(TimeSpan.FromDays(1)));
    }

    // ---- NextAfter ----

    [Theory]
    // Strictly after: a ping exactly at a run expects the next run.
    [InlineData("*/15 * * * *", "UTC", "2026-01-15T10:07:00Z", "2026-01-15T10:15:00Z")]
    [InlineData("*/15 * * * *", "UTC", "2026-01-15T10:15:00Z", "2026-01-15T10:30:00Z")]
    [InlineData("*/15 * * * *", "UTC", "2026-01-15T10:14:59.9999999Z", "2026-01-15T10:15:00Z")]
    [InlineData("*/15 * * * *", "UTC", "2026-01-15T10:15:00.0000001Z", "2026-01-15T10:30:00Z")]
    // Evaluated in the schedule's zone, whatever offset the input carries.
    [InlineData("0 9 * * *", "America/New_York", "2026-01-15T12:00:00Z", "2026-01-15T14:00:00Z")]
    [InlineData("0 9 * * *", "America/New_York", "2026-01-15T14:00:00Z", "2026-01-16T14:00:00Z")]
    [InlineData("0 9 * * *", "Asia/Kolkata", "2026-01-15T00:00:00Z", "2026-01-15T03:30:00Z")]
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-01-15T09:30:00+01:00", "2026-01-16T08:00:00Z")]
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-01-15T13:30:00+05:30", "2026-01-16T08:00:00Z")]
    [InlineData("0 9 * * *", "Europe/Berlin", "2026-07-15T06:59:00Z", "2026-07-15T07:00:00Z")]
    // Day-of-week and month names and numbers; Sunday is 0 and 7.
    [InlineData("0 0 * * 1-5", "UTC", "2026-01-16T00:00:00Z", "2026-01-19T00:00:00Z")]
    [InlineData("0 0 * * 0", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 0 * * 7", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("0 0 1 JUL *", "UTC", "2026-01-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    // L, LW, <dow>L and <dow>#n (January 2026 starts on a Thursday; the 31st is a Saturday).
    [InlineData("0 0 L * *", "UTC", "2026-02-01T00:00:00Z", "2026-02-28T00:00:00Z")]
    [InlineData("0 0 LW * *", "UTC", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00Z")]
    [InlineData("0 0 * * 5L", "UTC", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00Z")]
    [InlineData("0 0 * * 5#3", "UTC", "2026-01-01T00:00:00Z", "2026-01-16T00:00:00Z")]
    public void NextAfter_ReturnsNextOccurrence_InTheScheduleZone(
        string expression, string timeZone, string lastPing, string expected)
    {
        var schedule = CronSchedule.Parse(expression, timeZone);

        var next = schedule.NextAfter(At(lastPing));

        Assert.Equal(At(expected), next);
    }

    [Fact]
    public void NextAfter_RunsRightAfterTheGap_WhenSpringForwardSkipsTheRun()
    {
        // Berlin, 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 never happens that day.
        var schedule = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");
        var saturdayRun = new DateTimeOffset(2026, 3, 28, 2, 30, 0, TimeSpan.FromHours(1));

        var sunday = schedule.NextAfter(saturdayRun);
        var monday = schedule.NextAfter(sunday);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), sunday);
        Assert.Equal(new DateTime(2026, 3, 29, 3, 0, 0), LocalClock(sunday));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero), monday);
        Assert.Equal(new DateTime(2026, 3, 30, 2, 30, 0), LocalClock(monday));
    }

    [Theory]
    // The same rule elsewhere: New York (2026-03-08, 02:00 → 03:00) and Lord Howe, whose clocks move by
    // only half an hour (2026-10-04, 02:00 → 02:30).
    [InlineData("30 2 * * *", "America/New_York", "2026-03-07T02:30:00-05:00", "2026-03-08T07:00:00Z")]
    [InlineData("15 2 * * *", "Australia/Lord_Howe", "2026-10-03T02:15:00+10:30", "2026-10-03T15:30:00Z")]
    public void NextAfter_RunsRightAfterTheGap_InOtherZones(
        string expression, string timeZone, string lastPing, string expected)
    {
        var schedule = CronSchedule.Parse(expression, timeZone);

        var next = schedule.NextAfter(At(lastPing));

        Assert.Equal(At(expected), next);
    }

    [Theory]
    // Berlin, 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens at 00:30Z and again at 01:30Z.
    // The job runs at the first 02:30 only; from anywhere in the repeated hour the next run is Monday.
    [InlineData("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z")]
    [InlineData("2026-10-25T00:29:59Z", "2026-10-25T00:30:00Z")]
    [InlineData("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("2026-10-25T01:00:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("2026-10-25T01:29:59Z", "2026-10-26T01:30:00Z")]
    [InlineData("2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z")]
    public void NextAfter_RunsOnce_WhenAutumnRepeatsTheRunTime(string lastPing, string expected)
    {
        var schedule = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");

        var next = schedule.NextAfter(At(lastPing));

        Assert.Equal(At(expected), next);
    }

    [Fact]
    public void NextAfter_RunsEveryRealHour_WhenHourlyJobCrossesAutumnChange()
    {
        var schedule = CronSchedule.Parse("0 * * * *", "Europe/Berlin");
        var from = new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.Zero);

        var runs = Occurrences(schedule, from, 5);

        Assert.Equal(
            [At("2026-10-24T23:00:00Z"), At("2026-10-25T00:00:00Z"), At("2026-10-25T01:00:00Z"),
                At("2026-10-25T02:00:00Z"), At("2026-10-25T03:00:00Z")],
            runs);
        // Local 02:00 happens twice (CEST, then CET), and the job runs at both.
        Assert.Equal([1, 2, 2, 3, 4], runs.Select(r => LocalClock(r).Hour));
    }

    [Fact]
    public void NextAfter_RunsEveryRealHour_WhenHourlyJobCrossesSpringChange()
    {
        var schedule = CronSchedule.Parse("0 * * * *", "Europe/Berlin");
        var from = new DateTimeOffset(2026, 3, 28, 22, 0, 0, TimeSpan.Zero);

        var runs = Occurrences(schedule, from, 4);

        Assert.Equal(
            [At("2026-03-28T23:00:00Z"), At("2026-03-29T00:00:00Z"), At("2026-03-29T01:00:00Z"),
                At("2026-03-29T02:00:00Z")],
            runs);
        // Local 02:00 does not exist that day.
        Assert.Equal([0, 1, 3, 4], runs.Select(r => LocalClock(r).Hour));
    }

    [Theory]
    // Both day fields restricted: Vixie cron and cronsim run on either (OR). January 2026 starts on a
    // Thursday: its Fridays are 2, 9, 16, 23, 30; the 13th is a Tuesday.
    [InlineData("0 0 13 * 5", "2026-01-02 2026-01-09 2026-01-13 2026-01-16 2026-01-23")]
    [InlineData("30 4 1,15 * 5", "2026-01-01 2026-01-02 2026-01-09 2026-01-15 2026-01-16")]
    // One of them starts with '*': both must match (AND), as in cronsim.
    [InlineData("0 0 */2 * 5", "2026-01-09 2026-01-23 2026-02-13 2026-02-27 2026-03-13")]
    [InlineData("0 0 13 * *", "2026-01-13 2026-02-13 2026-03-13 2026-04-13 2026-05-13")]
    [InlineData("0 0 * * 5", "2026-01-02 2026-01-09 2026-01-16 2026-01-23 2026-01-30")]
    public void NextAfter_CombinesDayFieldsLikeVixieCron(string expression, string expectedDays)
    {
        var schedule = CronSchedule.Parse(expression, "UTC");
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var runs = Occurrences(schedule, from, 5);

        Assert.Equal(expectedDays.Split(' '), runs.Select(r => r.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    [Theory]
    // Cronos reads '?' as "any day", like '*': it must not count as a restricted field, or OR-ing the two
    // day fields would turn a monthly job into a daily one.
    [InlineData("0 0 13 * ?", "2026-01-13 2026-02-13 2026-03-13")]
    [InlineData("0 0 ? * 5", "2026-01-02 2026-01-09 2026-01-16")]
    [InlineData("0 0 ? * 5#2", "2026-01-09 2026-02-13 2026-03-13")]
    public void NextAfter_TreatsQuestionMarkAsAnyDay_WhenOtherDayFieldIsRestricted(string expression, string expectedDays)
    {
        var schedule = CronSchedule.Parse(expression, "UTC");
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var runs = Occurrences(schedule, from, 3);

        Assert.Equal(expectedDays.Split(' '), runs.Select(r => r.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void NextAfter_ReturnsMaxValue_WhenExpressionNeverMatches()
    {
        // February 30th parses but never comes; the contract for "never again" is MaxValue, not null.
        var schedule = CronSchedule.Parse("0 0 30 2 *", "UTC");

        var next = schedule.NextAfter(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(DateTimeOffset.MaxValue, next);
    }

    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static DateTime LocalClock(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Berlin).DateTime;

    private static List<DateTimeOffset> Occurrences(Schedule schedule, DateTimeOffset from, int count)
    {
        var runs = new List<DateTimeOffset>();
        for (var i = 0; i < count; i++)
        {
            from = schedule.NextAfter(from);
            runs.Add(from);
        }

        return runs;
    }
}
