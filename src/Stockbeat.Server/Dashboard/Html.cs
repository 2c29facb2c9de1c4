using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Stockbeat.Server.Dashboard;

/// <summary>A piece of HTML that is already safe to write as it is.</summary>
internal readonly record struct Markup(string Value)
{
    public static readonly Markup Empty = new("");

    public override string ToString() => Value;
}

/// <summary>
/// Builds HTML from an interpolated string: literal text is markup, every interpolated value is HTML-encoded unless it
/// is <see cref="Markup"/>. Encoding is the default, so a value cannot forget it.
/// </summary>
[InterpolatedStringHandler]
internal readonly ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + (formattedCount * 16));

    /// <summary>A handler for <see cref="Html.If"/>: when the condition is false, nothing in the string is evaluated.</summary>
    public HtmlHandler(int literalLength, int formattedCount, bool condition, out bool shouldAppend)
    {
        _builder = new StringBuilder(condition ? literalLength + (formattedCount * 16) : 0);
        shouldAppend = condition;
    }

    public void AppendLiteral(string text) => _builder.Append(text);

    public void AppendFormatted(Markup markup) => _builder.Append(markup.Value);

    public void AppendFormatted(IEnumerable<Markup> items)
    {
        foreach (var item in items)
        {
            _builder.Append(item.Value);
        }
    }

    public void AppendFormatted(string? text) => _builder.Append(Html.Encoder.Encode(text ?? ""));

    public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public void AppendFormatted<T>(T value, string? format)
    {
        // A List<Markup> binds here rather than to the IEnumerable overload; it is markup all the same.
        switch (value)
        {
            case Markup markup:
                AppendFormatted(markup);
                break;
            case IEnumerable<Markup> items:
                AppendFormatted(items);
                break;
            case IFormattable formattable:
                AppendFormatted(formattable.ToString(format, CultureInfo.InvariantCulture));
                break;
            default:
                AppendFormatted(value?.ToString());
                break;
        }
    }

    public Markup ToMarkup() => new(_builder.ToString());
}

/// <summary>HTML helpers.</summary>
internal static class Html
{
    /// <summary>Encodes what HTML needs encoded (&lt; &gt; &amp; quotes) and leaves other characters, such as →, readable.</summary>
    public static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Markup from an interpolated string whose values are encoded.</summary>
    public static Markup H(HtmlHandler html) => html.ToMarkup();

    /// <summary>Markup when <paramref name="condition"/> holds, else nothing; the values are only evaluated when it holds.</summary>
    public static Markup If(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] HtmlHandler html) =>
        condition ? html.ToMarkup() : Markup.Empty;

    /// <summary>A query-string or path value.</summary>
    public static string Url(string value) => Uri.EscapeDataString(value);

    /// <summary>A number with thin grouping for readability: 12 000.</summary>
    public static string Number(double value) => value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '\u2009');
}
