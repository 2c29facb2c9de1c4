using System.Text.Json;
using System.Text.Json.Nodes;
using Stockbeat.Alerts;

namespace Stockbeat.Monitors;

/// <summary>
/// Validates and normalises a channel config exactly as the server does (the same config records), so a file's
/// spelling (an address list as a string, a lower-case method) compares equal to what the server stored.
/// </summary>
internal static class ChannelConfigs
{
    private delegate bool Normalizer(JsonElement config, out string json, out string error);

    private static readonly Dictionary<string, Normalizer> ByKind = new(StringComparer.Ordinal)
    {
        [ChannelKinds.Slack] = Use<SlackChannelConfig>(SlackChannelConfig.TryParse, c => c.ToJson()),
        [ChannelKinds.Teams] = Use<TeamsChannelConfig>(TeamsChannelConfig.TryParse, c => c.ToJson()),
        [ChannelKinds.Discord] = Use<DiscordChannelConfig>(DiscordChannelConfig.TryParse, c => c.ToJson()),
        [ChannelKinds.PagerDuty] = Use<PagerDutyChannelConfig>(PagerDutyChannelConfig.TryParse, c => c.ToJson()),
        [ChannelKinds.Email] = Use<EmailChannelConfig>(EmailChannelConfig.TryParse, c => c.ToJson()),
        [ChannelKinds.Sms] = Use<SmsChannelConfig>(SmsChannelConfig.TryParse, c => c.ToJson()),
        [ChannelKinds.Webhook] = Use<WebhookChannelConfig>(WebhookChannelConfig.TryParse, c => c.ToJson()),
    };

    private delegate bool Parser<T>(JsonElement config, out T? result, out string? error);

    /// <summary>The kinds a file may declare.</summary>
    public static IReadOnlyCollection<string> Kinds => ByKind.Keys;

    /// <summary>
    /// The normalised config, or the server's message for the first bad field (<c>config.url must be …</c>).
    /// An unknown kind is the caller's to report.
    /// </summary>
    public static bool TryNormalize(string kind, JsonObject config, out JsonObject normalized, out string error)
    {
        normalized = [];
        if (!ByKind.TryGetValue(kind, out var normalize))
        {
            error = $"kind '{kind}' is not supported";
            return false;
        }

        using var document = JsonDocument.Parse(config.ToJsonString());
        if (!normalize(document.RootElement, out var json, out error))
        {
            return false;
        }

        normalized = JsonNode.Parse(json)!.AsObject();
        return true;
    }

    private static Normalizer Use<T>(Parser<T> parse, Func<T, string> toJson) where T : class =>
        (JsonElement config, out string json, out string error) =>
        {
            if (parse(config, out var result, out var problem) && result is not null)
            {
                json = toJson(result);
                error = "";
                return true;
            }

            json = "";
            error = problem ?? "config is not valid";
            return false;
        };
}
