using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Stockbeat.Core.Runs;

/// <summary>
/// What a sync run says it did: flat numeric metrics (<c>total</c>, <c>errors</c>, <c>backlog</c>, any custom
/// name) and an optional output excerpt, sent as the JSON object body of a finish ping.
/// </summary>
public sealed record RunReport
{
    /// <summary>SKUs the run looked at.</summary>
    public const string Total = "total";

    /// <summary>SKUs the run changed.</summary>
    public const string Updated = "updated";

    /// <summary>SKUs that needed no change.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>SKUs the run failed to sync.</summary>
    public const string Errors = "errors";

    /// <summary>Units reserved by open orders.</summary>
    public const string Reserved = "reserved";

    /// <summary>Changes still queued for the destination.</summary>
    public const string Backlog = "backlog";

    /// <summary>SKUs whose quantities disagree between source and destination.</summary>
    public const string Discrepancies = "discrepancies";

    /// <summary>SKUs with a negative salable quantity: sold without stock.</summary>
    public const string NegativeSalable = "negative_salable";

    /// <summary>The string field that carries the job's output excerpt.</summary>
    public const string LogField = "log";

    /// <summary>At most this many metrics are kept from one report.</summary>
    public const int MaxMetrics = 64;

    /// <summary>Longest metric name kept.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The metrics by name, in the order the report gave them.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>The output excerpt, if the report carried one.</summary>
    public string? Log { get; init; }

    /// <summary>What was ignored and why (non-numeric fields, too many metrics), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>The value of metric <paramref name="name"/>, or null when not reported.</summary>
    public double? this[string name] => Metrics.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// Reads a finish ping's body. A body that does not start with <c>{</c> is plain log text: false, no problem.
    /// A body that starts with <c>{</c> but is not a JSON object: false, with the problem in words (the body is
    /// kept as the log, never refused).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> body, [MaybeNullWhen(false)] out RunReport report, out string? problem)
    {
        report = null;
        problem = null;
        var trimmed = TrimStart(body);
        if (trimmed.IsEmpty || trimmed[0] != (byte)'{')
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed.ToArray());
            report = FromObject(document.RootElement);
            return true;
        }
        catch (JsonException e)
        {
            problem = $"the report is not valid JSON ({e.Message.Split('.')[0]}); kept as log text";
            return false;
        }
    }

    private static RunReport FromObject(JsonElement root)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var ignored = new List<string>();
        string? log = null;
        foreach (var property in root.EnumerateObject())
        {
            var name = property.Name;
            if (name == LogField && property.Value.ValueKind == JsonValueKind.String)
            {
                log = property.Value.GetString();
            }
            else if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                ignored.Add($"'{Shorten(name)}' is not a number");
            }
            else if (!IsMetricName(name))
            {
                ignored.Add($"'{Shorten(name)}' is not a metric name (letters, digits, '_', '.', '-', at most {MaxNameLength})");
            }
            else if (metrics.Count >= MaxMetrics && !metrics.ContainsKey(name))
            {
                ignored.Add($"'{name}' is over the limit of {MaxMetrics} metrics");
            }
            else
            {
                metrics[name] = value;
            }
        }

        return new RunReport
        {
            Metrics = metrics,
            Log = log,
            Problem = ignored.Count == 0 ? null : "ignored: " + string.Join("; ", ignored.Take(5)) + (ignored.Count > 5
                ? string.Create(CultureInfo.InvariantCulture, $"; and {ignored.Count - 5} more")
                : ""),
        };
    }

    private static bool IsMetricName(string name) =>
        name.Length is > 0 and <= MaxNameLength
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..40] + "…";

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> body)
    {
        // A UTF-8 byte order mark and leading whitespace do not stop a body from being a report.
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        var i = 0;
        while (i < body.Length && body[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return body[i..];
    }
}
