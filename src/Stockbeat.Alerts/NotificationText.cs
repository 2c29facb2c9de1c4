using System.Globalization;
using System.Text;

namespace Stockbeat.Alerts;

/// <summary>The words and formats every channel shares, so that Slack, email and SMS say the same thing.</summary>
internal static class NotificationText
{
    /// <summary>"DOWN", "UP", "ACKNOWLEDGED" or "TEST": the one word a subject line or SMS leads with.</summary>
    public static string Label(Notification n) => n.Kind switch
    {
        NotificationKind.Acknowledged => "ACKNOWLEDGED",
        NotificationKind.Test => "TEST",
        NotificationKind.Warning => "WARNING",
        _ => n.Status.ToUpperInvariant(),
    };

    /// <summary>A title: "ERP to Amazon is DOWN", "ERP to Amazon is UP", "Test notification for ERP to Amazon".</summary>
    public static string Headline(Notification n) => n.Kind switch
    {
        NotificationKind.Acknowledged => $"{n.CheckName}: incident acknowledged",
        NotificationKind.Test => $"Test notification for {n.CheckName}",
        NotificationKind.Warning => $"{n.CheckName}: warning",
        _ => $"{n.CheckName} is {n.Status.ToUpperInvariant()}",
    };

    /// <summary>An emoji that sets the tone where the receiver shows them.</summary>
    public static string Emoji(Notification n) => n.Kind switch
    {
        NotificationKind.Recovery => "\U0001F7E2",      // green circle
        NotificationKind.Acknowledged => "\U0001F440",  // eyes: someone is looking
        NotificationKind.Test => "\U0001F9EA",          // test tube
        NotificationKind.Warning => "\U0001F7E1",       // yellow circle
        _ => "\U0001F534",                              // red circle
    };

    /// <summary>
    /// The acknowledgement link to offer, if any: only while something can still be acknowledged, so never on a
    /// recovery or an acknowledgement.
    /// </summary>
    public static string? AckUrl(Notification n) =>
        n.Kind is NotificationKind.Alert or NotificationKind.Test ? n.AckUrl : null;

    /// <summary>The facts shown as fields or a table, in display order; step and tags only when there are any.</summary>
    public static IReadOnlyList<(string Name, string Value)> Facts(Notification n)
    {
        var facts = new List<(string, string)>
        {
            ("Status", n.Status),
            ("Reason", n.Reason),
            ("Last ping", Time(n.LastPing)),
        };
        if (n.Step > 0)
        {
            facts.Add(("Step", n.Step.ToString(CultureInfo.InvariantCulture)));
        }

        if (n.Tags.Count > 0)
        {
            facts.Add(("Tags", Tags(n)));
        }

        return facts;
    }

    /// <summary>Tags separated by spaces, as Healthchecks writes them.</summary>
    public static string Tags(Notification n) => string.Join(' ', n.Tags);

    /// <summary>A time for people: "2025-03-04 14:00 UTC", or "never".</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";

    /// <summary>A time for machines: ISO 8601 in UTC to the second, "2025-03-04T14:00:00Z".</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The footer line: where the message comes from and which incident it belongs to.</summary>
    public static string Context(Notification n) => n.Kind == NotificationKind.Test
        ? $"Stockbeat test notification · {Time(n.At)} · nothing is wrong"
        : $"Stockbeat · {n.Slug} · incident {n.IncidentId} · {Time(n.At)}";

    /// <summary>Collapses whitespace runs (line breaks included) into single spaces.</summary>
    public static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="max"/> characters, ending with "…" when cut,
    /// never between the two halves of a surrogate pair.
    /// </summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var keep = max - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, keep), "…");
    }
}
