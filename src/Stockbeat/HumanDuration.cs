using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Stockbeat;

/// <summary>
/// Durations as people type them on a command line or in a config file: <c>90</c> (seconds), <c>90s</c>,
/// <c>15m</c>, <c>2h</c>, <c>1d</c>, or a combination such as <c>1h30m</c>.
/// </summary>
internal static partial class HumanDuration
{
    /// <summary>What a valid duration looks like, for error messages.</summary>
    public const string Expected = "a duration such as 90s, 15m, 2h, 1d, 1h30m or a number of seconds";

    /// <summary>Parses <paramref name="text"/> into whole seconds.</summary>
    public static bool TryParse(string? text, out long seconds)
    {
        seconds = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out seconds))
        {
            return true;
        }

        var match = Parts().Match(trimmed);
        if (!match.Success)
        {
            return false;
        }

        long total = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unit = part.Value[^1];
            if (!long.TryParse(part.Value.AsSpan(0, part.Value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var scale = unit switch { 'd' => 86_400L, 'h' => 3_600L, 'm' => 60L, _ => 1L };
            try
            {
                total = checked(total + checked(amount * scale));
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        seconds = total;
        return true;
    }

    /// <summary>Parses <paramref name="text"/> or explains what was expected.</summary>
    public static bool TryParse(string? text, out long seconds, [MaybeNullWhen(true)] out string error)
    {
        error = TryParse(text, out seconds) ? null : $"'{text}' is not {Expected}";
        return error is null;
    }

    /// <summary>The exact duration in the largest units: 86400 is <c>1d</c>, 5400 is <c>1h30m</c>, 90 is <c>1m30s</c>.</summary>
    public static string Format(long seconds)
    {
        if (seconds <= 0)
        {
            return seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        var parts = new List<string>();
        foreach (var (unit, scale) in new[] { ("d", 86_400L), ("h", 3_600L), ("m", 60L), ("s", 1L) })
        {
            if (seconds >= scale)
            {
                parts.Add((seconds / scale).ToString(CultureInfo.InvariantCulture) + unit);
                seconds %= scale;
            }
        }

        return string.Concat(parts);
    }

    [GeneratedRegex(@"^(?<part>\d+[smhd])+$", RegexOptions.CultureInvariant)]
    private static partial Regex Parts();
}
