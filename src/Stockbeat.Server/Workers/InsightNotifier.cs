using Microsoft.Extensions.Logging;
using Stockbeat.Alerts;
using Stockbeat.Core.Checks;
using Stockbeat.Storage;

namespace Stockbeat.Server.Workers;

/// <summary>
/// Tells the channels of a monitor's first escalation step about a new warning, once. Warnings page nobody:
/// SMS and PagerDuty channels are skipped, and a failed send is logged, not retried.
/// </summary>
internal sealed partial class InsightNotifier(IStore store, ChannelSenders senders, TimeProvider time, ILogger<InsightNotifier> logger)
{
    private static readonly HashSet<string> PagingKinds = new(StringComparer.Ordinal) { ChannelKinds.Sms, ChannelKinds.PagerDuty };

    /// <summary>Sends <paramref name="insight"/> of <paramref name="check"/>; returns how many channels took it.</summary>
    public async Task<int> NotifyAsync(Check check, InsightRecord insight, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var notification = new Notification(
            NotificationKind.Warning, $"insight-{insight.Id}", check.Uuid, check.Name, check.Slug, check.TagList,
            check.Status.ToWire(), insight.Kind, insight.Message, null, insight.OpenedAt, check.LastPing, 0, null, null);
        var sent = 0;
        foreach (var channel in await store.ListFirstStepChannelsAsync(check, ct))
        {
            if (PagingKinds.Contains(channel.Kind) || senders.Find(channel.Kind) is not { } sender)
            {
                continue;
            }

            var result = await sender.SendAsync(channel.Config, notification, ct);
            if (result.Outcome == SendOutcome.Sent)
            {
                sent++;
            }
            else
            {
                LogNotSent(logger, insight.Kind, check.Name, channel.Name, result.Error);
            }
        }

        await store.MarkInsightNotifiedAsync(insight.Id, now, ct);
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Insight {Kind} of {Monitor} not sent to {Channel}: {Error}")]
    private static partial void LogNotSent(ILogger logger, string kind, string monitor, string channel, string? error);
}
