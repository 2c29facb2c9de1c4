using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace Stockbeat.Core.Schedules;

/// <summary>A five-field cron expression evaluated in an IANA time zone.</summary>
/// <remarks>
/// Cronos does the DST work: a fixed-time job that falls into a spring-forward gap runs right after the
/// gap, and in the repeated autumn hour it runs once, like Vixie cron and Healthchecks' cronsim.
/// </remarks>
public sealed record CronSchedule : Schedule
{
    private readonly CronExpression _cron;
    private readonly TimeZoneInfo _zone;

    private CronSchedule(string expression, string timeZone, CronExpression cron, TimeZoneInfo zone)
    {
        Expression = expression;
        TimeZone = timeZone;
        _cron = cron;
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
        if (!IsValidExpression(expression, out var cron))
        {
            error = "schedule";
            return false;
        }

        if (!TimeZones.TryFind(timeZone, out var zone))
        {
            error = "tz";
            return false;
        }

        schedule = new CronSchedule(expression, timeZone, cron, zone);
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
    public override DateTimeOffset NextAfter(DateTimeOffset lastPing) =>
        _cron.GetNextOccurrence(lastPing.ToUniversalTime(), _zone, inclusive: false) ?? DateTimeOffset.MaxValue;

    /// <inheritdoc />
    public bool Equals(CronSchedule? other) =>
        other is not null && Expression == other.Expression && TimeZone == other.TimeZone;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Expression, TimeZone);

    private static bool IsValidExpression(string expression, [MaybeNullWhen(false)] out CronExpression cron)
    {
        cron = null;
        // Cronos accepts six fields with a seconds column only when asked to; five fields is the contract.
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5
            && CronExpression.TryParse(string.Join(' ', fields), CronFormat.Standard, out cron);
    }
}
