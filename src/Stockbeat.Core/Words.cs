using System.Globalization;

namespace Stockbeat.Core;

/// <summary>Numbers and durations as people read them in messages: "6 240", "31 min", "1 h 5 min".</summary>
public static class Words
{
    /// <summary>A count rounded up, with a thin space between thousands: <c>6 240</c>.</summary>
    public static string Number(double value) =>
        Math.Ceiling(value).ToString("#,0", CultureInfo.InvariantCulture).Replace(",", " ", StringComparison.Ordinal);

    /// <summary>A duration with its two largest units, zero parts left out: <c>40 s</c>, <c>9 min</c>, <c>1 h 5 min</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            return "-" + Duration(span.Negate());
        }

        if (span.TotalDays >= 2)
        {
            return Pair((int)span.TotalDays, "d", span.Hours, "h");
        }

        if (span.TotalHours >= 1)
        {
            return Pair((int)span.TotalHours, "h", span.Minutes, "min");
        }

        if (span.TotalMinutes >= 1)
        {
            return Pair((int)span.TotalMinutes, "min", span.Seconds, "s");
        }

        return span.TotalSeconds >= 10 || span.TotalSeconds == Math.Floor(span.TotalSeconds)
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(span.TotalSeconds)} s")
            : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
    }

    /// <summary>
    /// A duration rounded for a sentence about usual values: whole minutes from two minutes up, whole seconds below
    /// (<c>9 min</c>, not <c>9 min 7 s</c>).
    /// </summary>
    public static string ApproxDuration(TimeSpan span) => Duration(span.Duration() >= TimeSpan.FromMinutes(2)
        ? TimeSpan.FromMinutes(Math.Round(span.TotalMinutes))
        : TimeSpan.FromSeconds(Math.Round(span.TotalSeconds)));

    private static string Pair(int major, string majorUnit, int minor, string minorUnit) => minor == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit}")
        : string.Create(CultureInfo.InvariantCulture, $"{major} {majorUnit} {minor} {minorUnit}");
}
