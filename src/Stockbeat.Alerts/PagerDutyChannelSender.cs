using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Stockbeat.Alerts;

/// <summary>A PagerDuty channel's stored settings.</summary>
/// <param name="RoutingKey">The 32-character integration key of an Events API v2 integration.</param>
public sealed partial record PagerDutyChannelConfig(string RoutingKey)
{
    /// <summary>Validates an API <c>config</c> object, naming the field that is wrong.</summary>
    public static bool TryParse(
        JsonElement config, [MaybeNullWhen(false)] out PagerDutyChannelConfig result, [MaybeNullWhen(true)] out string error)
    {
        var reader = ConfigReader.Open(config, "routing_key");
        var key = reader.RequiredString("routing_key", 100);
        if (reader.Error is null && !RoutingKeyPattern().IsMatch(key))
        {
            reader.Fail("config.routing_key must be 32 letters or digits (the integration key of an Events API v2 integration)");
        }

        result = reader.Error is null ? new PagerDutyChannelConfig(key) : null;
        error = reader.Error;
        return result is not null;
    }

    /// <summary>The config as stored: <c>{"routing_key": …}</c>.</summary>
    public string ToJson() => StoredConfig.Serialize(this);

    [GeneratedRegex("^[A-Za-z0-9]{32}$")]
    private static partial Regex RoutingKeyPattern();
}

/// <summary>
/// Sends PagerDuty Events API v2 events to <see cref="PagerDutyOptions.EventsUrl"/> (kind <c>pagerduty</c>).
/// An alert triggers, an acknowledgement acknowledges and a recovery resolves the PagerDuty alert whose dedup key
/// is "stockbeat-" + the incident id, so one incident is one PagerDuty alert however many steps page it. A test
/// triggers with severity "info". Only a trigger carries <c>payload</c> and <c>links</c>; PagerDuty reads nothing
/// else from acknowledge and resolve events.
/// Config: <c>routing_key</c> (required), the 32-character integration key.
/// </summary>
public sealed class PagerDutyChannelSender(IHttpClientFactory clients, IOptions<AlertOptions> options) : IChannelSender
{
    /// <summary>PagerDuty rejects a longer summary.</summary>
    private const int MaxSummary = 1024;

    /// <inheritdoc />
    public string Kind => ChannelKinds.PagerDuty;

    /// <inheritdoc />
    public bool TryNormalizeConfig(JsonElement config, out string normalizedJson, out string errorMessage) =>
        StoredConfig.TryNormalize<PagerDutyChannelConfig>(config, PagerDutyChannelConfig.TryParse, c => c.ToJson(), out normalizedJson, out errorMessage);

    /// <inheritdoc />
    public async Task<SendResult> SendAsync(string configJson, Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (!StoredConfig.TryRead<PagerDutyChannelConfig>(configJson, PagerDutyChannelConfig.TryParse, out var config, out var failure))
        {
            return failure;
        }

        var settings = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.PagerDuty.EventsUrl)
        {
            Content = HttpDelivery.Json(Render(config, notification)),
        };
        return await HttpDelivery.SendAsync(clients, request, settings.SendTimeout, ct);
    }

    /// <summary>The dedup key shared by every event of one incident.</summary>
    public static string DedupKey(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return "stockbeat-" + notification.IncidentId;
    }

    /// <summary>The event: routing key, action and dedup key, and for a trigger the payload and links.</summary>
    internal static JsonObject Render(PagerDutyChannelConfig config, Notification n)
    {
        var action = n.Kind switch
        {
            NotificationKind.Acknowledged => "acknowledge",
            NotificationKind.Recovery => "resolve",
            _ => "trigger",
        };
        var body = new JsonObject
        {
            ["routing_key"] = config.RoutingKey,
            ["event_action"] = action,
            ["dedup_key"] = DedupKey(n),
        };
        if (action != "trigger")
        {
            return body;
        }

        var details = new JsonObject
        {
            ["status"] = n.Status,
            ["reason"] = n.Reason,
            ["last_ping"] = n.LastPing is { } lastPing ? NotificationText.Iso(lastPing) : null,
            ["tags"] = NotificationText.Tags(n),
            ["check_uuid"] = n.CheckUuid.ToString(),
        };
        if (n.Message is not null)
        {
            details["message"] = n.Message;
        }

        if (n.Step > 0)
        {
            details["step"] = n.Step;
        }

        body["payload"] = new JsonObject
        {
            ["summary"] = NotificationText.Truncate(NotificationText.OneLine(n.Summary), MaxSummary),
            ["source"] = "stockbeat",
            ["severity"] = n.Kind switch
            {
                NotificationKind.Test => "info",
                NotificationKind.Warning => "warning",
                _ => "critical",
            },
            ["timestamp"] = NotificationText.Iso(n.At),
            ["component"] = n.CheckName,
            ["group"] = n.Slug,
            ["class"] = n.Reason,
            ["custom_details"] = details,
        };
        body["client"] = "Stockbeat";
        if (n.MonitorUrl is not null)
        {
            body["client_url"] = n.MonitorUrl;
        }

        var links = new JsonArray();
        if (n.MonitorUrl is not null)
        {
            links.Add(new JsonObject { ["href"] = n.MonitorUrl, ["text"] = "Open in Stockbeat" });
        }

        if (NotificationText.AckUrl(n) is { } ackUrl)
        {
            links.Add(new JsonObject { ["href"] = ackUrl, ["text"] = "Acknowledge in Stockbeat" });
        }

        body["links"] = links;
        return body;
    }
}
