using System.Buffers;
using System.Globalization;
using Stockbeat.Core.Reconciliation;

namespace Stockbeat.Reconcile;

/// <summary>How quantities are read and written: invariant culture, a '.' decimal point, no thousands separators.</summary>
internal static class Quantities
{
    // No AllowThousands: "1,5" from a comma-decimal export must be a malformed row, never 15.
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint
        | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    private static readonly SearchValues<char> DecimalDigits = SearchValues.Create("0123456789.");

    /// <summary>Parses a quantity within <see cref="StockReconciliation.MaxQuantity"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out decimal quantity) =>
        decimal.TryParse(text, Style, CultureInfo.InvariantCulture, out quantity) && IsInRange(quantity);

    public static bool IsInRange(decimal quantity) => Math.Abs(quantity) <= StockReconciliation.MaxQuantity;

    /// <summary>The reason a quantity field is unusable, for the malformed-row report.</summary>
    public static string Problem(ReadOnlySpan<char> text) =>
        text.IsWhiteSpace() ? "empty quantity"
        : decimal.TryParse(text, Style, CultureInfo.InvariantCulture, out _) || IsOverflow(text) ? OutOfRange(text)
        : $"quantity \"{Shorten(text)}\" is not a number";

    public static string OutOfRange(ReadOnlySpan<char> text) =>
        $"quantity \"{Shorten(text)}\" is out of range (at most {Format(StockReconciliation.MaxQuantity)} either way)";

    /// <summary>A quantity without trailing zeros: 12.000 is written 12.</summary>
    public static string Format(decimal quantity) => quantity.ToString("G29", CultureInfo.InvariantCulture);

    public static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : $"{text[..40]}…";

    // Digits (with a sign and a point) too many for decimal are a range problem, not a format problem.
    private static bool IsOverflow(ReadOnlySpan<char> text)
    {
        var digits = text.Trim().TrimStart("+-");
        return digits.ContainsAnyInRange('0', '9') && !digits.ContainsAnyExcept(DecimalDigits);
    }
}
