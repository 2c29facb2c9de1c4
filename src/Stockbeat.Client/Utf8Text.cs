using System.Text;

namespace Stockbeat.Client;

/// <summary>Cutting text to a size in UTF-8 bytes, as the server's body limit counts it.</summary>
internal static class Utf8Text
{
    /// <summary>The longest end of <paramref name="text"/> that is at most <paramref name="maxBytes"/> bytes, cut between characters.</summary>
    public static string Tail(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = 0;
        var start = text.Length;
        while (start > 0)
        {
            // A surrogate pair is one character of four bytes: never split it.
            var width = start >= 2 && char.IsLowSurrogate(text[start - 1]) && char.IsHighSurrogate(text[start - 2]) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(start - width, width));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            start -= width;
        }

        return text[start..];
    }
}
