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

    // Claimed per transaction. Sends of different (incident, channel) pairs run side by side, up to Concurrency at
    // a time; a pair's own sends keep their order (an alert before its recovery message).
    private const int BatchSize = 16;
    private const int Concurrency = 8;

    // Up to 1 024 deliveries per pass; then the alert worker runs the escalation pass before the rest. Before, a pass
    // sent 10, one after the other: a storm of 10 000 incidents took a quarter of an hour to be told.
    private const int MaxBatchesPerPass = 64;

    // A pair's sends go one after another, so the lease covers a whole batch of them at the send timeout, plus a
    // margin: it lapses only when the node died, never while it is still working through the batch.
    private TimeSpan Lease => (alertOptions.Value.SendTimeout * BatchSize) + TimeSpan.FromMinutes(1);

    /// <summary>One pass; returns the number of deliveries attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var attempted = 0;
        for (var batch = 0; batch < MaxBatchesPerPass; batch++)
        {
            var work = await store.ClaimDeliveriesAsync(time.GetUtcNow(), Lease, BatchSize, ct);
            var pairs = work.GroupBy(w => (w.Delivery.IncidentId, w.Delivery.ChannelId));
            await Parallel.ForEachAsync(
                pairs, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct }, async (pair, token) =>
                {
                    foreach (var item in pair)
                    {
                        await DeliverAsync(item, token);
                    }
                });
            attempted += work.Count;
            if (work.Count < BatchSize)
            {
                break;
            }
        }

        return attempted;
    }

    /// <summary>Sends one delivery and records what came of it: sent, failed, or pending again after a backoff.</summary>
    private async Task DeliverAsync(DeliveryWork item, CancellationToken ct)
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
