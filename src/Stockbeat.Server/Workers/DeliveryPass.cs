using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stockbeat.Alerts;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// Sends due deliveries: each is claimed (leased) by one node, sent once, and recorded as sent, failed with the
/// receiver's error, or pending again with an exponential backoff when the receiver failed transiently.
/// </summary>
internal sealed partial class DeliveryPass(
    IStore store, ChannelSenders senders, NotificationFactory notifications, IOptions<AlertOptions> alertOptions,
    TimeProvider time, ILogger<DeliveryPass> logger)
{
    /// <summary>Attempts before a transiently failing delivery is given up.</summary>
    public const int MaxAttempts = 8;

    private const int BatchSize = 10;

    // Sends in a batch go one after another, so the lease covers the whole batch at the send timeout, plus a
    // margin: it lapses only when the node died, never while it is still working through the batch.
    private TimeSpan Lease => (alertOptions.Value.SendTimeout * BatchSize) + TimeSpan.FromMinutes(1);

    /// <summary>One pass; returns the number of deliveries attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var work = await store.ClaimDeliveriesAsync(time.GetUtcNow(), Lease, BatchSize, ct);
        foreach (var item in work)
        {
            var result = await SendAsync(item, ct);
            var now = time.GetUtcNow();
            var attempts = item.Delivery.Attempts + 1;
            var (status, retryAt) = result.Outcome switch
            {
                SendOutcome.Sent => ("sent", (DateTimeOffset?)null),
                SendOutcome.Transient when attempts < MaxAttempts => ("pending", now + Backoff(attempts)),
                _ => ("failed", null),
            };
            await store.CompleteDeliveryAsync(item.Delivery.Id, status, result.Error, retryAt, now, ct);
            if (status != "sent")
            {
                LogNotSent(logger, item.Delivery.Kind, item.Delivery.Id, item.Channel?.Name ?? "action", status, result.Error);
            }
        }

        return work.Count;
    }

    /// <summary>15 s, 30 s, 1 min, … capped at 30 min, with ±20 % jitter so that many failures do not retry in step.</summary>
    public static TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(15 * Math.Pow(2, attempts - 1), 1800);
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }

    private async Task<SendResult> SendAsync(DeliveryWork item, CancellationToken ct)
    {
        var notification = notifications.Build(item);
        if (item.Delivery.Kind is "action" or "undo")
        {
            var action = PolicyJson.DeserializeAction(item.Delivery.Payload ?? "{}");
            var request = item.Delivery.Kind == "undo" ? action.Undo : action;
            if (request is null)
            {
                return SendResult.Ok;
            }

            // An action is a webhook request: same templating, same classification of errors.
            var config = JsonSerializer.Serialize(new
            {
                url = request.Url,
                method = request.Method,
                headers = request.Headers ?? new Dictionary<string, string>(),
                body = request.Body,
            });
            return await SendWithAsync("webhook", config, notification, ct);
        }

        return item.Channel is { } channel
            ? await SendWithAsync(channel.Kind, channel.Config, notification, ct)
            : new SendResult(SendOutcome.Permanent, "the channel was deleted");
    }

    private async Task<SendResult> SendWithAsync(string kind, string config, Notification notification, CancellationToken ct) =>
        senders.Find(kind) is { } sender
            ? await sender.SendAsync(config, notification, ct)
            : new SendResult(SendOutcome.Permanent, $"no sender for channel kind '{kind}'");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery {Kind} #{Id} to {Channel} {Status}: {Error}")]
    private static partial void LogNotSent(ILogger logger, string kind, long id, string channel, string status, string? error);
}
