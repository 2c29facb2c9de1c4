using System.Globalization;
using Stockbeat.Core.Schedules;

namespace Stockbeat.Server.Dashboard;

/// <summary>Times, durations and schedules in words, as people read them on the dashboard.</summary>
internal static class Formats
{
    /// <summary>"4m12s", "1h05m", "850ms".</summary>
    public static string Duration(TimeSpan? duration)
    {
        if (duration is not { } d)
        {
            return "—";
        }

        if (d < TimeSpan.FromSeconds(1))
        {
            return $"{(int)d.TotalMilliseconds}ms";
        }

        if (d < TimeSpan.FromMinutes(1))
        {
            return d.TotalSeconds < 10 ? $"{d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s" : $"{(int)d.TotalSeconds}s";
        }

        if (d < TimeSpan.FromHours(1))
        {
            return $"{(int)d.TotalMinutes}m{d.Seconds:00}s";
        }

        return d < TimeSpan.FromDays(1) ? $"{(int)d.TotalHours}h{d.Minutes:00}m" : $"{(int)d.TotalDays}d{d.Hours:00}h";
    }

    /// <summary>"every 15 min", "hourly", "daily", "every 2 days".</summary>
    public static string Period(TimeSpan period) => period switch
    {
        _ when period == TimeSpan.FromHours(1) => "hourly",
        _ when period == TimeSpan.FromDays(1) => "daily",
        _ when period == TimeSpan.FromDays(7) => "weekly",
        _ when period.TotalDays >= 1 && period.TotalDays % 1 == 0 => $"every {period.TotalDays} days",
        _ when period.TotalHours >= 1 && period.TotalHours % 1 == 0 => $"every {period.TotalHours} h",
        _ when period.TotalMinutes >= 1 && period.TotalMinutes % 1 == 0 => $"every {period.TotalMinutes} min",
        _ => $"every {Duration(period)}",
    };

    /// <summary>A schedule in words: a period, or the cron line with its time zone.</summary>
    public static string Schedule(Schedule schedule) => schedule switch
    {
        SimpleSchedule simple => Period(simple.Period),
        CronSchedule cron => $"cron {cron.Expression}{(cron.TimeZone == "UTC" ? "" : $" ({cron.TimeZone})")}",
        _ => schedule.ToString(),
    };

    /// <summary>"3 min ago", "in 5 min", relative to <paramref name="now"/>.</summary>
    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } time)
        {
            return "never";
        }

        var delta = now - time;
        var words = Rough(delta.Duration());
        return delta >= TimeSpan.Zero ? (words == "now" ? "just now" : $"{words} ago") : $"in {words}";
    }

    /// <summary>An absolute UTC time for titles and tables.</summary>
    public static string Utc(DateTimeOffset? at) =>
        at is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    private static string Rough(TimeSpan span) => span switch
    {
        _ when span < TimeSpan.FromSeconds(10) => "now",
        _ when span < TimeSpan.FromMinutes(1) => $"{(int)span.TotalSeconds} s",
        _ when span < TimeSpan.FromHours(1) => $"{(int)span.TotalMinutes} min",
        _ when span < TimeSpan.FromDays(2) => $"{(int)span.TotalHours} h",
        _ => $"{(int)span.TotalDays} days",
    };
}
