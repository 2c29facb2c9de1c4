using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Stockbeat.Alerts;

/// <summary>A Discord channel's stored settings.</summary>
/// <param name="Url">The webhook URL, https://discord.com/api/webhooks/….</param>
public sealed record DiscordChannelConfig(string Url)
{
    /// <summary>Validates an API <c>config</c> object, naming the field that is wrong.</summary>
    public static bool TryParse(
        JsonElement config, [MaybeNullWhen(false)] out DiscordChannelConfig result, [MaybeNullWhen(true)] out string error)
    {
        var reader = ConfigReader.Open(config, "url");
        var url = reader.HttpUrl("url");
        result = reader.Error is null ? new DiscordChannelConfig(url) : null;
        error = reader.Error;
        return result is not null;
    }

    /// <summary>The config as stored: <c>{"url": …}</c>.</summary>
    public string ToJson() => StoredConfig.Serialize(this);
}

/// <summary>
/// Posts to a Discord webhook (kind <c>discord</c>): a short <c>content</c> line and one embed with title,
/// description, colour (red down, green up, amber acknowledged, blue test), fields, timestamp and a link to the
/// monitor. Mentions are disabled, so a monitor named "@everyone" pings nobody.
/// Config: <c>url</c> (required), the webhook URL.
/// </summary>
public sealed class DiscordChannelSender(IHttpClientFactory clients, IOptions<AlertOptions> options) : IChannelSender
{
    /// <summary>Embed colour of an alert.</summary>
    public const int Red = 0xE74C3C;

    /// <summary>Embed colour of a recovery.</summary>
    public const int Green = 0x2ECC71;

    /// <summary>Embed colour of an acknowledgement.</summary>
    public const int Amber = 0xF1C40F;

    /// <summary>Embed colour of a test.</summary>
    public const int Blue = 0x3498DB;

    // Discord's limits: content 2000 characters, title 256, description 4096, a field value 1024.
    private const int MaxContent = 2000;
    private const int MaxTitle = 256;
    private const int MaxDescription = 4096;
    private const int MaxFieldValue = 1024;

    /// <inheritdoc />
    public string Kind => ChannelKinds.Discord;

    /// <inheritdoc />
    public bool TryNormalizeConfig(JsonElement config, out string normalizedJson, out string errorMessage) =>
        StoredConfig.TryNormalize<DiscordChannelConfig>(config, DiscordChannelConfig.TryParse, c => c.ToJson(), out normalizedJson, out errorMessage);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(string configJson, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!StoredConfig.TryRead<DiscordChannelConfig>(configJson, DiscordChannelConfig.TryParse, out var config, out var failure))
        {
            return failure;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, config.Url)
        {
            Content = HttpDelivery.Json(Render(notification)),
        };
        return await HttpDelivery.SendAsync(clients, request, options.Value.SendTimeout, ct);
    }

    /// <summary>The message: content, one embed, and no mentions.</summary>
    internal static JsonObject Render(Notification n)
    {
        var fields = new JsonArray(NotificationText.Facts(n)
            .Select(f => (JsonNode)new JsonObject
            {
                ["name"] = f.Name,
                ["value"] = NotificationText.Truncate(f.Value, MaxFieldValue),
                ["inline"] = true,
            })
            .ToArray());
        if (NotificationText.AckUrl(n) is { } ackUrl)
        {
            fields.Add(new JsonObject { ["name"] = "Acknowledge", ["value"] = $"[Stop escalation]({ackUrl})", ["inline"] = false });
        }

        var embed = new JsonObject
        {
            ["title"] = NotificationText.Truncate(NotificationText.Headline(n), MaxTitle),
            ["description"] = NotificationText.Truncate(n.Message is null ? n.Summary : $"{n.Summary}\n**{n.Message}**", MaxDescription),
            ["color"] = n.Kind switch
            {
                NotificationKind.Recovery => Green,
                NotificationKind.Acknowledged or NotificationKind.Warning => Amber,
                NotificationKind.Test => Blue,
                _ => Red,
            },
            ["fields"] = fields,
            ["timestamp"] = NotificationText.Iso(n.At),
            ["footer"] = new JsonObject { ["text"] = NotificationText.Context(n) },
        };
        if (n.MonitorUrl is not null)
        {
            embed["url"] = n.MonitorUrl;
        }

        return new JsonObject
        {
            ["content"] = NotificationText.Truncate($"{NotificationText.Emoji(n)} {n.Summary}", MaxContent),
            ["embeds"] = new JsonArray(embed),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
    }
}
