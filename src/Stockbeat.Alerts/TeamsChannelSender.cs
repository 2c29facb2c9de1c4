using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Stockbeat.Alerts;

/// <summary>A Microsoft Teams channel's stored settings.</summary>
/// <param name="Url">The incoming webhook or workflow ("When a Teams webhook request is received") URL.</param>
public sealed record TeamsChannelConfig(string Url)
{
    /// <summary>Validates an API <c>config</c> object, naming the field that is wrong.</summary>
    public static bool TryParse(
        JsonElement config, [MaybeNullWhen(false)] out TeamsChannelConfig result, [MaybeNullWhen(true)] out string error)
    {
        var reader = ConfigReader.Open(config, "url");
        var url = reader.HttpUrl("url");
        result = reader.Error is null ? new TeamsChannelConfig(url) : null;
        error = reader.Error;
        return result is not null;
    }

    /// <summary>The config as stored: <c>{"url": …}</c>.</summary>
    public string ToJson() => StoredConfig.Serialize(this);
}

/// <summary>
/// Posts an Adaptive Card 1.4 message to a Microsoft Teams incoming webhook or workflow (kind <c>teams</c>):
/// a coloured title, the summary and step message, a FactSet with reason, last ping, step and tags, and
/// Action.OpenUrl buttons to the monitor and to acknowledge.
/// Config: <c>url</c> (required), the webhook or workflow URL.
/// </summary>
public sealed class TeamsChannelSender(IHttpClientFactory clients, IOptions<AlertOptions> options) : IChannelSender
{
    /// <inheritdoc />
    public string Kind => ChannelKinds.Teams;

    /// <inheritdoc />
    public bool TryNormalizeConfig(JsonElement config, out string normalizedJson, out string errorMessage) =>
        StoredConfig.TryNormalize<TeamsChannelConfig>(config, TeamsChannelConfig.TryParse, c => c.ToJson(), out normalizedJson, out errorMessage);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(string configJson, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!StoredConfig.TryRead<TeamsChannelConfig>(configJson, TeamsChannelConfig.TryParse, out var config, out var failure))
        {
            return failure;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, config.Url)
        {
            Content = HttpDelivery.Json(Render(notification)),
        };
        return await HttpDelivery.SendAsync(clients, request, options.Value.SendTimeout, ct);
    }

    /// <summary>The message: one attachment holding the Adaptive Card.</summary>
    internal static JsonObject Render(Notification n)
    {
        var color = n.Kind switch
        {
            NotificationKind.Alert => "Attention",
            NotificationKind.Recovery => "Good",
            NotificationKind.Warning => "Warning",
            _ => "Accent",
        };
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = $"{NotificationText.Emoji(n)} {NotificationText.Headline(n)}",
                ["size"] = "Large",
                ["weight"] = "Bolder",
                ["color"] = color,
                ["wrap"] = true,
            },
            new JsonObject { ["type"] = "TextBlock", ["text"] = n.Summary, ["wrap"] = true },
        };
        if (n.Message is not null)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = n.Message, ["weight"] = "Bolder", ["wrap"] = true });
        }

        body.Add(new JsonObject
        {
            ["type"] = "FactSet",
            ["facts"] = new JsonArray(NotificationText.Facts(n)
                .Select(f => (JsonNode)new JsonObject { ["title"] = f.Name, ["value"] = f.Value })
                .ToArray()),
        });
        body.Add(new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = NotificationText.Context(n),
            ["size"] = "Small",
            ["isSubtle"] = true,
            ["wrap"] = true,
        });

        var actions = new JsonArray();
        if (n.MonitorUrl is not null)
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open monitor", ["url"] = n.MonitorUrl });
        }

        if (NotificationText.AckUrl(n) is { } ackUrl)
        {
            actions.Add(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Acknowledge", ["url"] = ackUrl });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
            ["actions"] = actions,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["content"] = card,
            }),
        };
    }
}
