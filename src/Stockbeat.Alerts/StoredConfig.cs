using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stockbeat.Alerts;

/// <summary>
/// Turns channel configs into the JSON stored with a channel and back. Stored JSON goes through the same
/// validation as API input, so a sender only ever works with a config it would have accepted.
/// </summary>
internal static class StoredConfig
{
    /// <summary>Validates a <c>config</c> element, naming the field that is wrong.</summary>
    public delegate bool Parser<T>(
        JsonElement config, [MaybeNullWhen(false)] out T result, [MaybeNullWhen(true)] out string error);

    /// <summary>snake_case like the API; absent optional fields are left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = HttpDelivery.Encoder,
    };

    public static string Serialize<T>(T config) => JsonSerializer.Serialize(config, Json);

    /// <summary>The body of <see cref="IChannelSender.TryNormalizeConfig"/> for every sender.</summary>
    public static bool TryNormalize<T>(
        JsonElement config, Parser<T> parse, Func<T, string> toJson, out string normalizedJson, out string error)
    {
        if (parse(config, out var result, out var problem))
        {
            normalizedJson = toJson(result);
            error = "";
            return true;
        }

        normalizedJson = "";
        error = problem;
        return false;
    }

    /// <summary>
    /// Reads a stored config; on failure <paramref name="failure"/> is a permanent result, since resending the
    /// same config cannot help.
    /// </summary>
    public static bool TryRead<T>(
        string json, Parser<T> parse, [MaybeNullWhen(false)] out T config, [MaybeNullWhen(true)] out SendResult failure)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (parse(document.RootElement, out config, out var error))
            {
                failure = null;
                return true;
            }

            failure = new SendResult(SendOutcome.Permanent, $"invalid channel config: {error}");
            return false;
        }
        catch (JsonException e)
        {
            config = default;
            failure = new SendResult(SendOutcome.Permanent, $"invalid channel config: {e.Message}");
            return false;
        }
    }
}
