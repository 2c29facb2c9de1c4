using Stockbeat.Core.Checks;
using Stockbeat.Core.Pings;

namespace Stockbeat.Core.Tests.Checks;

public sealed class EventFlowRulesTests
{
    // A Monday in winter: 10:00 UTC is 11:00 in Berlin.
    private static readonly DateTimeOffset T0 = new(2026, 1, 12, 10, 0, 0, TimeSpan.Zero);
    private static readonly EventFlow TenPerQuarter = new(10, TimeSpan.FromMinutes(15), null, null, "UTC");

    private static Check Flow(EventFlow flow) => new() { Uuid = Guid.NewGuid(), Name = "Shopify order webhooks", JobKind = JobKinds.EventFlow, Flow = flow };

    private static Check Events(Check check, params double[] minutes)
    {
        foreach (var minute in minutes)
        {
            check = CheckRules.ApplyPing(check, PingKind.Success, "POST", null, null, T0.AddMinutes(minute)).Check;
        }

        return check;
    }

    [Fact]
    public void ApplyPing_CountsEventsInWindow_AndGoesUpOnFirstEvent()
    {
        var check = Events(Flow(TenPerQuarter), 0, 1, 2);

        Assert.Equal(CheckStatus.Up, check.Status);
        Assert.Equal(3, check.FlowEvents);
        Assert.Equal(T0, check.FlowWindowStart);
        Assert.Equal(T0.AddMinutes(15), check.Deadline);
    }

    [Fact]
    public void ApplyPing_StartsNewWindow_WhenEventArrivesAfterWindowEnd()
    {
        var check = Events(Flow(TenPerQuarter), 0, 1, 47);

        Assert.Equal(T0.AddMinutes(45), check.FlowWindowStart);
        Assert.Equal(1, check.FlowEvents);
    }

    [Theory]
    // Events in the first window, then the sweep at 15:00 sees 3 of the 10 expected.
    [InlineData(3, "only 3 events in 15 min (expected at least 10)")]
    [InlineData(1, "only 1 event in 15 min (expected at least 10)")]
    public void Overdue_FlipsDown_WhenWindowEndsWithTooFewEvents(int events, string detail)
    {
        var check = Events(Flow(TenPerQuarter), [.. Enumerable.Range(0, events).Select(i => (double)i)]);

        var flip = CheckRules.Overdue(check, T0.AddMinutes(15));

        Assert.Equal(new Flip(CheckStatus.Up, CheckStatus.Down, T0.AddMinutes(15), FlipReason.Missed, detail), flip);
    }

    [Fact]
    public void Overdue_FlipsAtEndOfFirstSilentWindow_WhenFullWindowWasFollowedBySilence()
    {
        var check = Events(Flow(TenPerQuarter), [.. Enumerable.Range(0, 12).Select(i => (double)i)]);

        Assert.Null(CheckRules.Overdue(check, T0.AddMinutes(15)));
        var flip = CheckRules.Overdue(check, T0.AddMinutes(40));

        Assert.Equal(T0.AddMinutes(30), flip?.At);
        Assert.Equal("no events in 15 min (expected at least 10)", flip?.Detail);
    }

    [Fact]
    public void Settle_MovesWindowOn_WhenWindowEndedWithEnoughEvents()
    {
        var check = Events(Flow(TenPerQuarter), [.. Enumerable.Range(0, 10).Select(i => (double)i)]);

        var settled = CheckRules.Settle(check, T0.AddMinutes(16));

        Assert.Equal(T0.AddMinutes(15), settled.FlowWindowStart);
        Assert.Equal(0, settled.FlowEvents);
        Assert.Equal(T0.AddMinutes(30), settled.Deadline);
    }

    [Fact]
    public void ApplyPing_RecoversOnlyOnceWindowHasEnoughEvents()
    {
        var check = Events(Flow(new EventFlow(3, TimeSpan.FromMinutes(15), null, null, "UTC")), 0);
        var flip = CheckRules.Overdue(check, T0.AddMinutes(15))!;
        var down = CheckRules.ApplyFlip(check, flip);

        var two = Events(down, 16, 17);
        var three = CheckRules.ApplyPing(two, PingKind.Success, "POST", null, null, T0.AddMinutes(18));

        Assert.Equal(CheckStatus.Down, two.Status);
        Assert.Null(two.Deadline);
        Assert.Equal(CheckStatus.Up, three.Check.Status);
        Assert.Equal(new Flip(CheckStatus.Down, CheckStatus.Up, T0.AddMinutes(18), FlipReason.Success), three.Flip);
    }

    [Theory]
    // Active 08:00-20:00 in Berlin (07:00-19:00 UTC in winter). A silent window inside is missed; one that starts
    // before 08:00 local, or ends after 20:00, is not judged.
    [InlineData(10, 0, true)]
    [InlineData(6, 45, false)]
    [InlineData(7, 0, true)]
    [InlineData(18, 45, true)]
    [InlineData(18, 50, false)]
    [InlineData(22, 0, false)]
    public void IsActive_JudgesOnlyWindowsInsideActiveHours(int hour, int minute, bool active)
    {
        var flow = new EventFlow(1, TimeSpan.FromMinutes(15), new TimeOnly(8, 0), new TimeOnly(20, 0), "Europe/Berlin");
        var start = new DateTimeOffset(2026, 1, 12, hour, minute, 0, TimeSpan.Zero);

        Assert.Equal(active, flow.IsActive(start, start.AddMinutes(15)));
    }

    [Fact]
    public void IsActive_HandlesHoursPastMidnight()
    {
        var flow = new EventFlow(1, TimeSpan.FromMinutes(30), new TimeOnly(22, 0), new TimeOnly(2, 0), "UTC");

        Assert.True(flow.IsActive(T0.Date.AddHours(23), T0.Date.AddHours(23.5)));
        Assert.True(flow.IsActive(T0.Date.AddHours(1), T0.Date.AddHours(1.5)));
        Assert.False(flow.IsActive(T0.Date.AddHours(12), T0.Date.AddHours(12.5)));
    }

    [Fact]
    public void Overdue_SkipsQuietNight_AndFlipsAtFirstSilentActiveWindow()
    {
        var flow = new EventFlow(1, TimeSpan.FromHours(1), new TimeOnly(8, 0), new TimeOnly(20, 0), "UTC");
        var check = Events(Flow(flow), 0 + (9 * 60) - 600);
        // The last event at 19:00 UTC on the evening before; the night is not judged; 08:00-09:00 is.
        var lastEvening = check with { FlowWindowStart = new DateTimeOffset(2026, 1, 11, 19, 0, 0, TimeSpan.Zero), FlowEvents = 5 };

        var flip = CheckRules.Overdue(lastEvening, new DateTimeOffset(2026, 1, 12, 9, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 1, 12, 9, 0, 0, TimeSpan.Zero), flip?.At);
    }

    [Theory]
    [InlineData("08:00-22:00", true)]
    [InlineData("22:00-02:00", true)]
    [InlineData("8-22", false)]
    [InlineData("08:00-08:00", false)]
    [InlineData("25:00-02:00", false)]
    public void TryParseHours_AcceptsHourMinuteRanges(string text, bool ok)
    {
        Assert.Equal(ok, EventFlow.TryParseHours(text, out _, out _));
    }
}
