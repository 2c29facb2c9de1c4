using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Stockbeat.Alerts;

/// <summary>A Slack channel's stored settings.</summary>
/// <param name="Url">The incoming webhook URL, https://hooks.slack.com/services/….</param>
public sealed record SlackChannelConfig(string Url)
{
    /// <summary>Validates an API <c>config</c> object, naming the field that is wrong.</summary>
    public static bool TryParse(
        JsonElement config, [MaybeNullWhen(false)] out SlackChannelConfig result, [MaybeNullWhen(true)] out string error)
    {
        var reader = ConfigReader.Open(config, "url");
        var url = reader.HttpUrl("url");
        result = reader.Error is null ? new SlackChannelConfig(url) : null;
        error = reader.Error;
        return result is not null;
    }

    /// <summary>The config as stored: <c>{"url": …}</c>.</summary>
    public string ToJson() => StoredConfig.Serialize(this);
}

/// <summary>
/// Posts to a Slack incoming webhook (kind <c>slack</c>): a Block Kit message with the monitor and status as
/// header, the summary, fields for reason, last ping, step and tags, buttons to the monitor and to acknowledge,
/// and a context line; <c>text</c> is the fallback for notifications.
/// Config: <c>url</c> (required), the webhook URL.
/// </summary>
public sealed class SlackChannelSender(IHttpClientFactory clients, IOptions<AlertOptions> options) : IChannelSender
{
    // Slack's limits: header text 150 characters, section text 3000, a field 2000, a button label 75.
    private const int MaxHeader = 150;
    private const int MaxSection = 3000;
    private const int MaxField = 2000;

    /// <inheritdoc />
    public string Kind => ChannelKinds.Slack;

    /// <inheritdoc />
    public bool TryNormalizeConfig(JsonElement config, out string normalizedJson, out string errorMessage) =>
        StoredConfig.TryNormalize<SlackChannelConfig>(config, SlackChannelConfig.TryParse, c => c.ToJson(), out normalizedJson, out errorMessage);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(string configJson, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!StoredConfig.TryRead<SlackChannelConfig>(configJson, SlackChannelConfig.TryParse, out var config, out var failure))
        {
            return failure;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, config.Url)
        {
            Content = HttpDelivery.Json(Render(notification)),
        };
        return await HttpDelivery.SendAsync(clients, request, options.Value.SendTimeout, ct);
    }

    /// <summary>The message body: <c>text</c> and <c>blocks</c>.</summary>
    internal static JsonObject Render(Notification n)
    {
        var emoji = NotificationText.Emoji(n);
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "header",
                ["text"] = PlainText(NotificationText.Truncate($"{emoji} {NotificationText.Headline(n)}", MaxHeader)),
            },
            Section(n.Message is null ? Escape(n.Summary) : $"{Escape(n.Summary)}\n*{Escape(n.Message)}*"),
            new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray(NotificationText.Facts(n)
                    .Select(f => (JsonNode)Mrkdwn(NotificationText.Truncate($"*{f.Name}*\n{Escape(f.Value)}", MaxField)))
                    .ToArray()),
            },
        };

        var buttons = new JsonArray();
        if (n.MonitorUrl is not null)
        {
            buttons.Add(Button("open_monitor", "Open monitor", n.MonitorUrl, style: null));
        }

        if (NotificationText.AckUrl(n) is { } ackUrl)
        {
            buttons.Add(Button("acknowledge", "Acknowledge", ackUrl, style: "primary"));
        }

        if (buttons.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = buttons });
        }

        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(Mrkdwn(Escape(NotificationText.Context(n)))),
        });

        return new JsonObject
        {
            ["text"] = Escape($"{emoji} {n.Summary}"),
            ["blocks"] = blocks,
        };
    }

    private static JsonObject Section(string mrkdwn) => new()
    {
        ["type"] = "section",
        ["text"] = Mrkdwn(NotificationText.Truncate(mrkdwn, MaxSection)),
    };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject Button(string actionId, string label, string url, string? style)
    {
        var button = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = actionId,
            ["text"] = PlainText(label),
            ["url"] = url,
        };
        if (style is not null)
        {
            button["style"] = style;
        }

        return button;
    }

    /// <summary>Slack's mrkdwn escaping: only &amp;, &lt; and &gt; are special.</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
}
