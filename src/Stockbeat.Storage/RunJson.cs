using System.Text.Json;
using Stockbeat.Core.Runs;

namespace Stockbeat.Storage;

/// <summary>A run report's metrics as stored: one flat JSON object of numbers.</summary>
internal static class RunJson
{
    public static string Serialize(RunReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in report.Metrics)
            {
                writer.WriteNumber(name, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static RunReport Deserialize(string json, string? log)
    {
        using var document = JsonDocument.Parse(json);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            metrics[property.Name] = property.Value.GetDouble();
        }

        return new RunReport { Metrics = metrics, Log = log };
    }
}
