using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Stockbeat.Core.Reconciliation;

/// <summary>A discrepancy rate limit, written as a percentage (<c>0.5%</c>) or a fraction (<c>0.005</c>).</summary>
public static class DiscrepancyThreshold
{
    /// <summary>
    /// Parses <paramref name="text"/> into a fraction between 0 and 1: <c>0.5%</c> and <c>0.005</c> both give 0.005.
    /// A number without <c>%</c> must be at most 1, so that <c>5</c> (meaning 5 %?) is refused rather than guessed.
    /// </summary>
    public static bool TryParse(string? text, out double fraction, [NotNullWhen(false)] out string? error)
    {
        fraction = 0;
        var value = text?.Trim() ?? "";
        var percent = value.EndsWith('%');
        var number = percent ? value[..^1].TrimEnd() : value;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)
            || !double.IsFinite(parsed))
        {
            error = $"'{text}' is not a rate; write a percentage such as 0.5% or a fraction such as 0.005";
            return false;
        }

        var result = percent ? parsed / 100 : parsed;
        if (result > 1)
        {
            error = percent
                ? $"'{text}' is above 100%"
                : $"'{text}' is above 1; write a percentage with '%' (e.g. {number}%) or a fraction between 0 and 1";
            return false;
        }

        fraction = result;
        error = null;
        return true;
    }
}
