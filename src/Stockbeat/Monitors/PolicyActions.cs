using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stockbeat.Monitors;

/// <summary>A policy step's automated action in one spelling, so a file and the server's answer compare equal.</summary>
internal static class PolicyActions
{
    /// <summary>
    /// The action with the server's defaults made explicit and empty parts left out: method upper case
    /// (default POST), no <c>null</c> body, headers or undo, no empty headers.
    /// </summary>
    public static JsonObject Canonical(JsonObject action)
    {
        var canonical = new JsonObject
        {
            ["url"] = action["url"]?.ToString() ?? "",
            ["method"] = action["method"]?.ToString().ToUpperInvariant() ?? "POST",
        };
        if (action["body"] is JsonValue body && body.GetValueKind() == JsonValueKind.String)
        {
            canonical["body"] = body.ToString();
        }

        if (action["headers"] is JsonObject { Count: > 0 } headers)
        {
            canonical["headers"] = new JsonObject(headers.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)(h.Value?.ToString() ?? ""))));
        }

        if (action["undo"] is JsonObject undo)
        {
            canonical["undo"] = Canonical(undo);
        }

        return canonical;
    }
}
