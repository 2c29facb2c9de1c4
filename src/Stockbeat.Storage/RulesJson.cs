using System.Text.Json;
using Stockbeat.Core.Analysis;

namespace Stockbeat.Storage;

/// <summary>A monitor's rule overrides as stored: <c>{"failure_rate": 0.05, "duration_variability": null}</c> (null is off).</summary>
internal static class RulesJson
{
    public static string Serialize(RuleSettings rules) => JsonSerializer.Serialize(rules.Overrides);

    public static RuleSettings Deserialize(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, double?>>(json) ?? []);
}
