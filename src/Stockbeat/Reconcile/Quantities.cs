using System.Globalization;

namespace Stockbeat.Reconcile;

/// <summary>How quantities are read and written: invariant culture, a '.' decimal point, no thousands separators.</summary>
internal static class Quantities
{
    // No AllowThousands: "1,5" from a comma-decimal export must be a malformed row, never 15.
    private const NumberStyles Style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint
        | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    public static bool TryParse(ReadOnlySpan<char> text, out decimal quantity) =>
        decimal.TryParse(text, Style, CultureInfo.InvariantCulture, out quantity);

    /// <summary>The reason a quantity field is unusable, for the malformed-row report.</summary>
    public static string Problem(ReadOnlySpan<char> text) => text.IsWhiteSpace()
        ? "empty quantity"
        : $"quantity \"{Shorten(text)}\" is not a number";

    /// <summary>A quantity without trailing zeros: 12.000 is written 12.</summary>
    public static string Format(decimal quantity) => quantity.ToString("G29", CultureInfo.InvariantCulture);

    public static string Shorten(ReadOnlySpan<char> text) => text.Length <= 40 ? text.ToString() : $"{text[..40]}…";
}
