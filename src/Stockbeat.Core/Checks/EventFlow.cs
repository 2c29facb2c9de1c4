using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Core.Checks;

/// <summary>
/// What an event-flow monitor expects: at least <see cref="MinEvents"/> pings (webhook deliveries, order events) in
/// every <see cref="Window"/>, optionally only while the shop is active. Silence is an incident.
/// </summary>
/// <param name="MinEvents">Events a window needs, at least 1.</param>
/// <param name="Window">The length of a window.</param>
/// <param name="ActiveFrom">Start of the active hours (local time), or null for always.</param>
/// <param name="ActiveTo">End of the active hours (local time); before <paramref name="ActiveFrom"/> means past midnight.</param>
/// <param name="TimeZone">The IANA zone of the active hours.</param>
public sealed record EventFlow(int MinEvents, TimeSpan Window, TimeOnly? ActiveFrom, TimeOnly? ActiveTo, string TimeZone)
{
    /// <summary>The active hours as written: <c>08:00-22:00</c>, or null for always.</summary>
    public string? ActiveHours => ActiveFrom is { } from && ActiveTo is { } to
        ? string.Create(CultureInfo.InvariantCulture, $"{from:HH\\:mm}-{to:HH\\:mm}")
        : null;

    /// <summary>Parses <c>HH:MM-HH:MM</c> active hours.</summary>
    public static bool TryParseHours(string text, out TimeOnly from, out TimeOnly to)
    {
        from = to = default;
        var parts = text.Split('-');
        return parts.Length == 2
            && TimeOnly.TryParseExact(parts[0].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out from)
            && TimeOnly.TryParseExact(parts[1].Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out to)
            && from != to;
    }

    /// <summary>
    /// Whether the window <c>[start, end)</c> lies inside the active hours. Windows that cross the edge of the
    /// active hours are not judged, so the first quiet minutes of the morning never page anyone.
    /// </summary>
    public bool IsActive(DateTimeOffset start, DateTimeOffset end)
    {
        if (ActiveFrom is not { } from || ActiveTo is not { } to || !TimeZones.TryFind(TimeZone, out var zone))
        {
            return true;
        }

        return Inside(LocalTime(start, zone), from, to) && Inside(LocalTime(end.AddTicks(-1), zone), from, to)
            && end - start < TimeSpan.FromDays(1);
    }

    private static TimeOnly LocalTime(DateTimeOffset at, TimeZoneInfo zone) => TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    private static bool Inside(TimeOnly time, TimeOnly from, TimeOnly to) =>
        from < to ? time >= from && time < to : time >= from || time < to;
}

/// <summary>The rules of event-flow monitors, as pure functions: windows roll, quiet windows flip the monitor down.</summary>
public static class EventFlowRules
{
    // Windows judged per call at most; after that many quiet, inactive windows the rest are skipped in one jump.
    private const int MaxWindowsJudged = 10_000;

    /// <summary>The monitor after an event at <paramref name="now"/>: counted in its window; up once a window has enough.</summary>
    public static (Check Check, Flip? Flip) ApplyEvent(Check check, EventFlow flow, DateTimeOffset now)
    {
        var rolled = RollTo(check, flow, now);
        var events = rolled.FlowEvents + 1;
        var next = rolled with { FlowEvents = events, LastPing = now };
        Flip? flip = null;
        if (check.Status == CheckStatus.New || (check.Status == CheckStatus.Down && events >= flow.MinEvents))
        {
            next = next with { Status = CheckStatus.Up };
            flip = new Flip(check.Status, CheckStatus.Up, now, FlipReason.Success);
        }

        return (next, flip);
    }

    /// <summary>
    /// The first window that ended by <paramref name="now"/> inside the active hours with too few events, as a flip at
    /// its end; null when every ended window had enough (or was inactive).
    /// </summary>
    public static Flip? Overdue(Check check, EventFlow flow, DateTimeOffset now)
    {
        if (check.Status != CheckStatus.Up || check.FlowWindowStart is not { } start)
        {
            return null;
        }

        var events = check.FlowEvents;
        for (var i = 0; i < MaxWindowsJudged && start + flow.Window <= now; i++)
        {
            var end = start + flow.Window;
            if (events < flow.MinEvents && flow.IsActive(start, end))
            {
                return new Flip(CheckStatus.Up, CheckStatus.Down, end, FlipReason.Missed, Detail(flow, events));
            }

            // Every window after the first saw no event: a ping would have rolled the window forward.
            (start, events) = (end, 0);
        }

        return null;
    }

    /// <summary>The monitor with its window moved to the one that holds <paramref name="now"/> (events reset when it moved).</summary>
    public static Check RollTo(Check check, EventFlow flow, DateTimeOffset now)
    {
        if (check.FlowWindowStart is not { } start)
        {
            return check with { FlowWindowStart = now, FlowEvents = 0 };
        }

        if (now < start + flow.Window)
        {
            return check;
        }

        var passed = (now - start).Ticks / flow.Window.Ticks;
        return check with { FlowWindowStart = start + TimeSpan.FromTicks(flow.Window.Ticks * passed), FlowEvents = 0 };
    }

    /// <summary>When the current window ends, for the deadline; null before the first event.</summary>
    public static DateTimeOffset? WindowEnd(Check check, EventFlow flow) => check.FlowWindowStart + flow.Window;

    [SuppressMessage("Globalization", "CA1305", Justification = "Only integers, formatted invariantly by string.Create.")]
    private static string Detail(EventFlow flow, long events) => events == 0
        ? $"no events in {Words.Duration(flow.Window)} (expected at least {flow.MinEvents})"
        : string.Create(CultureInfo.InvariantCulture, $"only {events} {(events == 1 ? "event" : "events")} in {Words.Duration(flow.Window)} (expected at least {flow.MinEvents})");
}
