using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stockbeat.Client;

/// <summary>
/// What a run did, sent as the JSON body of its finish ping: the counts Stockbeat knows (<c>total</c>,
/// <c>updated</c>, <c>errors</c>, …), any custom numeric metric, and an optional <see cref="Log"/> excerpt.
/// </summary>
public sealed class RunReport
{
    /// <summary>The JSON names of the counts Stockbeat knows, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> KnownFields =
        ["total", "updated", "unchanged", "errors", "reserved", "backlog", "discrepancies", "negative_salable"];

    private const string LogField = "log";
    private const int MaxNameLength = 100;

    // Logs are read by people and counted against the body limit: keep non-ASCII text as it is rather than \uXXXX.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, double> _metrics = new(StringComparer.Ordinal);

    /// <summary>Items (SKUs, offers, rows) the run looked at.</summary>
    public long? Total { get => Count("total"); set => SetCount("total", value); }

    /// <summary>Items the run changed.</summary>
    public long? Updated { get => Count("updated"); set => SetCount("updated", value); }

    /// <summary>Items the run found already right.</summary>
    public long? Unchanged { get => Count("unchanged"); set => SetCount("unchanged", value); }

    /// <summary>Items the run failed on.</summary>
    public long? Errors { get => Count("errors"); set => SetCount("errors", value); }

    /// <summary>Units held in reservations (open orders not yet shipped).</summary>
    public long? Reserved { get => Count("reserved"); set => SetCount("reserved", value); }

    /// <summary>Updates still waiting to be sent.</summary>
    public long? Backlog { get => Count("backlog"); set => SetCount("backlog", value); }

    /// <summary>Items whose quantities differ between the two sides.</summary>
    public long? Discrepancies { get => Count("discrepancies"); set => SetCount("discrepancies", value); }

    /// <summary>Items with a salable quantity below zero (oversold).</summary>
    public long? NegativeSalable { get => Count("negative_salable"); set => SetCount("negative_salable", value); }

    /// <summary>Custom numeric metrics by JSON name.</summary>
    public IReadOnlyDictionary<string, double> Metrics => _metrics;

    /// <summary>An output excerpt or a reason, sent as the string field <c>log</c>.</summary>
    public string? Log { get; set; }

    /// <summary>Whether the report holds any count or metric (a report with only a log is sent as plain text).</summary>
    public bool HasValues => _counts.Count > 0 || _metrics.Count > 0;

    /// <summary><see cref="Errors"/> / <see cref="Total"/>, or <see langword="null"/> without both or with a total of 0.</summary>
    public double? ErrorRate => Total is > 0 && Errors is { } errors ? (double)errors / Total.Value : null;

    /// <summary>
    /// Sets the value named <paramref name="name"/>: one of <see cref="KnownFields"/> (a whole number, at least 0) or
    /// a custom metric (letters, digits, <c>_</c>, <c>-</c>, <c>.</c>; any finite number).
    /// </summary>
    /// <exception cref="ArgumentException">The name or the value is not allowed.</exception>
    public void Set(string name, double value)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"The value of '{name}' must be a finite number.", nameof(value));
        }

        if (KnownFields.Contains(name))
        {
            if (value < 0 || value != Math.Floor(value) || value > long.MaxValue)
            {
                throw new ArgumentException($"'{name}' must be a whole number of at least 0, not {value.ToString(CultureInfo.InvariantCulture)}.", nameof(value));
            }

            _counts[name] = (long)value;
            return;
        }

        if (!IsMetricName(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a metric name: use letters, digits, '_', '-' and '.' (at most {MaxNameLength} characters), and not 'log'.",
                nameof(name));
        }

        _metrics[name] = value;
    }

    /// <summary>Copies every count, metric and the log (if set) of <paramref name="other"/> over this report's.</summary>
    public void MergeFrom(RunReport other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (name, value) in other._counts)
        {
            _counts[name] = value;
        }

        foreach (var (name, value) in other._metrics)
        {
            _metrics[name] = value;
        }

        Log = other.Log ?? Log;
    }

    /// <summary>The report as a flat JSON object.</summary>
    public string ToJson() => ToJson(Log);

    /// <summary>
    /// The report as JSON of at most <paramref name="maxBytes"/> UTF-8 bytes, made to fit by dropping the start of
    /// <see cref="Log"/> (the end of a job's output is what explains it). Without a log it may still be longer.
    /// </summary>
    public string ToJson(int maxBytes)
    {
        var json = ToJson(Log);
        if (Log is null || Encoding.UTF8.GetByteCount(json) <= maxBytes)
        {
            return json;
        }

        // Escaping makes the log's JSON size differ from its own, so search for the longest tail that fits.
        var (fits, tooLong) = (0, Encoding.UTF8.GetByteCount(Log));
        while (tooLong - fits > 1)
        {
            var middle = fits + ((tooLong - fits) / 2);
            if (Encoding.UTF8.GetByteCount(ToJson(Utf8Text.Tail(Log, middle))) <= maxBytes)
            {
                fits = middle;
            }
            else
            {
                tooLong = middle;
            }
        }

        return ToJson(Utf8Text.Tail(Log, fits));
    }

    /// <summary>Reads a report from a flat JSON object of numbers and an optional string <c>log</c>.</summary>
    /// <exception cref="FormatException">The text is not such an object; the message names the problem.</exception>
    public static RunReport Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The run report is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The run report must be a JSON object, e.g. {\"total\": 1200, \"errors\": 3}.");
            }

            var report = new RunReport();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                report.Read(property);
            }

            return report;
        }
    }

    private void Read(JsonProperty property)
    {
        if (property.Name == LogField)
        {
            Log = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => throw new FormatException("The run report's 'log' must be a string."),
            };
            return;
        }

        if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var value))
        {
            throw new FormatException($"The run report's '{property.Name}' must be a number, not {property.Value.ValueKind.ToString().ToLowerInvariant()}.");
        }

        try
        {
            Set(property.Name, value);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"The run report is not valid: {ex.Message.Split(" (Parameter", 2)[0]}", ex);
        }
    }

    private string ToJson(string? log)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var name in KnownFields)
            {
                if (_counts.TryGetValue(name, out var count))
                {
                    writer.WriteNumber(name, count);
                }
            }

            foreach (var (name, value) in _metrics)
            {
                writer.WriteNumber(name, value);
            }

            if (log is not null)
            {
                writer.WriteString(LogField, log);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private long? Count(string name) => _counts.TryGetValue(name, out var value) ? value : null;

    private void SetCount(string name, long? value)
    {
        if (value is null)
        {
            _counts.Remove(name);
            return;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(value.Value, name);
        _counts[name] = value.Value;
    }

    private static bool IsMetricName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name != LogField
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
