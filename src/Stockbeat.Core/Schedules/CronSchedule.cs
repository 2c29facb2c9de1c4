using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Stockbeat.Core.Schedules;

/// <summary>A five-field cron expression evaluated in an IANA time zone.</summary>
/// <remarks>
/// Cronos does the DST work: a fixed-time job that falls into a spring-forward gap runs right after the
/// gap, and in the repeated autumn hour it runs once, like Vixie cron and Healthchecks' cronsim.
/// Day matching follows Vixie cron too: when both day-of-month and day-of-week are restricted (neither
/// starts with <c>*</c>), a day matching either one fires. Cronos requires both, so such an expression is
/// split into two (one per day field) and the earlier occurrence wins.
/// </remarks>
public sealed record CronSchedule : Schedule
{
    // Any date that occurs does so within 28 years of any start (the calendar's cycle), leap days within 8.
    private static readonly DateTime EverFiresFrom = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly CronExpression[] _crons;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(string expression, string timeZone, CronExpression[] crons, TimeZoneInfo zone)
    {
        Expression = expression;
        TimeZone = timeZone;
        _crons = crons;
        _zone = zone;
    }

    /// <summary>The expression as the user wrote it.</summary>
    public string Expression { get; }

    /// <summary>The IANA time zone id the expression is evaluated in.</summary>
    public string TimeZone { get; }

    /// <summary>Parses an expression and a zone, or says which of the two is wrong.</summary>
    /// <param name="expression">Five cron fields.</param>
    /// <param name="timeZone">An IANA time zone id such as <c>Europe/Berlin</c>.</param>
    /// <param name="schedule">The schedule when both parts are valid.</param>
    /// <param name="error"><c>schedule</c> or <c>tz</c>: the part that is not valid.</param>
    public static bool TryParse(
        string expression,
        string timeZone,
        [MaybeNullWhen(false)] out CronSchedule schedule,
        [MaybeNullWhen(true)] out string error)
    {
        schedule = null;
        if (!TryParseExpression(expression, out var crons))
        {
            error = "schedule";
            return false;
        }

        if (!TimeZones.TryFind(timeZone, out var zone))
        {
            error = "tz";
            return false;
        }

        schedule = new CronSchedule(expression, timeZone, crons, zone);
        error = null;
        return true;
    }

    /// <summary>Parses a schedule that is known to be valid, such as one read back from storage.</summary>
    /// <exception cref="FormatException">The expression or the zone is not valid.</exception>
    public static CronSchedule Parse(string expression, string timeZone) =>
        TryParse(expression, timeZone, out var schedule, out var error)
            ? schedule
            : throw new FormatException($"Invalid cron {error}: '{expression}' in '{timeZone}'.");

    /// <inheritdoc />
    public override DateTimeOffset NextAfter(DateTimeOffset lastPing)
    {
        var next = DateTimeOffset.MaxValue;
        foreach (var cron in _crons)
        {
            if (cron.GetNextOccurrence(lastPing.ToUniversalTime(), _zone, inclusive: false) is { } occurrence && occurrence < next)
            {
                next = occurrence;
            }
        }

        return next;
    }

    /// <summary>
    /// Whether any date matches the expression at all: "0 0 30 2 *" (30 February) parses but never comes. Kept apart
    /// from parsing so that a schedule stored before this was checked still reads back.
    /// </summary>
    public bool EverFires => _crons.Any(c => c.GetNextOccurrence(EverFiresFrom) is not null);

    /// <inheritdoc />
    public bool Equals(CronSchedule? other) =>
        other is not null && Expression == other.Expression && TimeZone == other.TimeZone;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Expression, TimeZone);

    private static bool TryParseExpression(string expression, [MaybeNullWhen(false)] out CronExpression[] crons)
    {
        crons = null;
        // Five fields is the contract; Cronos would take a sixth (seconds) field only when asked to.
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5)
        {
            return false;
        }

        var (dayOfMonth, dayOfWeek) = (fields[2], fields[4]);
        string[] variants = IsUnrestricted(dayOfMonth) || IsUnrestricted(dayOfWeek)
            ? [string.Join(' ', fields)]
            : [string.Join(' ', fields[0], fields[1], dayOfMonth, fields[3], "*"),
               string.Join(' ', fields[0], fields[1], "*", fields[3], dayOfWeek)];
        var parsed = new CronExpression[variants.Length];
        for (var i = 0; i < variants.Length; i++)
        {
            if (!CronExpression.TryParse(variants[i], CronFormat.Standard, out var cron))
            {
                return false;
            }

            parsed[i] = cron;
        }

        crons = parsed;
        return true;
    }

    // "*" (also "*/2" and the like, as in Vixie cron) and Quartz's "?" leave the day to the other field.
    private static bool IsUnrestricted(string field) => field.StartsWith('*') || field == "?";
}
