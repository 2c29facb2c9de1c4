using Microsoft.Extensions.Logging;
using Stockbeat.Alerts;
using Stockbeat.Core.Checks;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// Tells the world about status changes: a structured log line for every alert flip, and one request to
/// each webhook channel of the monitor. Each flip is claimed by exactly one node before it is sent.
/// </summary>
internal sealed partial class AlertDispatcher(
    IStore store, WebhookSender webhooks, TimeProvider time, ILogger<AlertDispatcher> logger)
{
    private const int BatchSize = 100;

    /// <summary>One pass: claims pending flips and notifies; returns how many alerts it sent out.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var alerts = await store.ClaimAlertsAsync(time.GetUtcNow(), BatchSize, ct);
        var sent = 0;
        foreach (var alert in alerts)
        {
            var flip = alert.Flip.Flip;
            if (!flip.IsAlert)
            {
                continue;
            }

            var check = alert.Check;
            var message = new AlertEvent(
                flip.To == CheckStatus.Down ? "down" : "up",
                check.Uuid, check.Name, check.Slug, check.TagList, flip.Reason.ToWire(), flip.At, check.LastPing);
            LogAlert(logger, message.Event, check.Name, check.Uuid, message.Reason, flip.At);
            foreach (var channel in alert.Channels.Where(c => c.Kind == "webhook"))
            {
                var error = await webhooks.SendAsync(WebhookConfig.FromJson(channel.Config), message, ct);
                await store.SetChannelErrorAsync(channel.Id, error, time.GetUtcNow(), ct);
                if (error is not null)
                {
                    LogSendFailed(logger, channel.Name, channel.Uuid, error);
                }
            }

            sent++;
        }

        return sent;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ALERT {Event}: monitor {Name} ({Uuid}), reason {Reason}, at {At:O}")]
    private static partial void LogAlert(ILogger logger, string @event, string name, Guid uuid, string reason, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Name} ({Uuid}) did not take the alert: {Error}")]
    private static partial void LogSendFailed(ILogger logger, string name, Guid uuid, string error);
}
