using Stockbeat.Core.Schedules;

namespace Stockbeat.Core.Tests;

public sealed class SimpleScheduleTests
{
    private static readonly DateTimeOffset LastPing = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(60)]
    [InlineData(900)]
    [InlineData(3_600)]
    [InlineData(86_400)]
    [InlineData(31_536_000)]
    public void NextAfter_AddsPeriod_WhenFarFromMaxValue(int periodSeconds)
    {
        var period = TimeSpan.FromSeconds(periodSeconds);
        var schedule = new SimpleSchedule(period);

        var next = schedule.NextAfter(LastPing);

        Assert.Equal(LastPing + period, next);
    }

    [Fact]
    public void NextAfter_IgnoresDaylightSaving_WhenPeriodIsADay()
    {
        // A simple period is elapsed time: across Berlin's spring change it lands at a different local hour.
        var schedule = new SimpleSchedule(TimeSpan.FromDays(1));
        var beforeChange = new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.FromHours(1));

        var next = schedule.NextAfter(beforeChange);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 11, 0, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void NextAfter_ComparesInstants_WhenLastPingHasAnOffset()
    {
        var schedule = new SimpleSchedule(TimeSpan.FromHours(1));
        var inKolkata = LastPing.ToOffset(new TimeSpan(5, 30, 0));

        var next = schedule.NextAfter(inKolkata);

        Assert.Equal(LastPing.AddHours(1), next);
    }

    [Theory]
    // Period longer than what is left before MaxValue.
    [InlineData(3_600, 7_200)]
    [InlineData(1, 2)]
    [InlineData(0, 1)]
    [InlineData(0, 31_536_000)]
    // Period exactly what is left.
    [InlineData(3_600, 3_600)]
    public void NextAfter_SaturatesAtMaxValue_WhenSumWouldOverflow(int secondsBeforeMax, int periodSeconds)
    {
        var schedule = new SimpleSchedule(TimeSpan.FromSeconds(periodSeconds));
        var lastPing = DateTimeOffset.MaxValue - TimeSpan.FromSeconds(secondsBeforeMax);

        var next = schedule.NextAfter(lastPing);

        Assert.Equal(DateTimeOffset.MaxValue, next);
    }

    [Fact]
    public void NextAfter_SaturatesAtMaxValue_WhenPeriodIsMaxValue()
    {
        var schedule = new SimpleSchedule(TimeSpan.MaxValue);

        var next = schedule.NextAfter(LastPing);

        Assert.Equal(DateTimeOffset.MaxValue, next);
    }

    [Fact]
    public void NextAfter_AddsPeriod_WhenItStillFitsBeforeMaxValue()
    {
        var schedule = new SimpleSchedule(TimeSpan.FromHours(1));
        var lastPing = DateTimeOffset.MaxValue - TimeSpan.FromHours(2);

        var next = schedule.NextAfter(lastPing);

        Assert.Equal(DateTimeOffset.MaxValue - TimeSpan.FromHours(1), next);
    }

    [Fact]
    public void Equals_ReturnsTrue_WhenPeriodsAreEqual()
    {
        var a = new SimpleSchedule(TimeSpan.FromMinutes(15));
        var b = new SimpleSchedule(TimeSpan.FromSeconds(900));

        Assert.Equal(a, b);
        Assert.NotEqual(a, new SimpleSchedule(TimeSpan.FromMinutes(16)));
    }
}
