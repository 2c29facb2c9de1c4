using System.Globalization;
using System.Text.Json.Nodes;

namespace Stockbeat.Monitors;

/// <summary>Monitors as text: the <c>list</c> table and the <c>get</c> details.</summary>
internal static class MonitorTable
{
    private static readonly string[] Headers = ["NAME", "SLUG", "STATUS", "SCHEDULE", "LAST PING"];

    /// <summary>One row per monitor, columns padded to the widest value.</summary>
    public static void PrintList(TextWriter output, IReadOnlyList<JsonObject> checks)
    {
        if (checks.Count == 0)
        {
            output.WriteLine("No monitors yet. Declare them in stockbeat.yaml and run `stockbeat monitors apply`.");
            return;
        }

        var rows = checks.Select(c => new[] { Text(c["name"]), Text(c["slug"]), Text(c["status"]), Schedule(c), LastPing(c) }).ToList();
        var widths = Enumerable.Range(0, Headers.Length)
            .Select(i => rows.Select(r => r[i].Length).Append(Headers[i].Length).Max())
            .ToArray();
        foreach (var row in rows.Prepend(Headers))
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    /// <summary>Every field of one monitor, one per line.</summary>
    public static void PrintOne(TextWriter output, JsonObject check)
    {
        var width = check.Max(p => p.Key.Length);
        foreach (var (name, value) in check)
        {
            var shown = value switch
            {
                null => "-",
                JsonArray array => string.Join(", ", array.Select(Text)),
                JsonObject obj => string.Join(", ", obj.Select(p => $"{p.Key}={Text(p.Value)}")),
                _ => Text(value),
            };
            output.WriteLine($"{name.PadRight(width)}  {shown}".TrimEnd());
        }
    }

    private static string Schedule(JsonObject check) => check["schedule"] is { } cron
        ? $"{cron} ({Text(check["tz"])})"
        : check["timeout"] is { } timeout ? $"every {HumanDuration.Format(timeout.GetValue<long>())}" : "";

    private static string LastPing(JsonObject check) =>
        DateTimeOffset.TryParse(Text(check["last_ping"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "never";

    private static string Text(JsonNode? node) => node?.ToString() ?? "";
}
